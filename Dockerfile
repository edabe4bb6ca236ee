# One image recipe for the four distributed services: docker build --build-arg SERVICE=meeting-query .
# SERVICE is the Maven module whose *-exec.jar runs: meeting-command, meeting-query, recording-saga, api-gateway.
FROM eclipse-temurin:17-jdk AS build
ARG SERVICE
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY meeting-api meeting-api
COPY meeting-platform meeting-platform
COPY meeting-command meeting-command
COPY meeting-query meeting-query
COPY recording-saga recording-saga
COPY api-gateway api-gateway
COPY getstream-sandbox getstream-sandbox
COPY standalone standalone
COPY test-support test-support
RUN test -n "${SERVICE}" || (echo "build with --build-arg SERVICE=<module>" >&2; exit 1)
RUN ./mvnw -B -q -pl "${SERVICE}" -am -DskipTests package \
    && cp "${SERVICE}"/target/*-exec.jar /service.jar

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 connvo
COPY --from=build /service.jar /app/service.jar
USER connvo
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/service.jar"]
