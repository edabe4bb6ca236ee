package io.connvo.meetings.gateway.security;

import static io.connvo.meetings.testsupport.TestHttp.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import io.connvo.meetings.testsupport.TestHttp;
import io.connvo.meetings.testsupport.TestJwts;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Which observations an authenticated request makes: the HTTP route's, none of Spring Security's own. */
@SpringBootTest(classes = {SecurityTestApplication.class, SecurityObservationsHttpTest.StartedObservations.class},
        webEnvironment = WebEnvironment.RANDOM_PORT, properties = "axon.axonserver.enabled=false")
class SecurityObservationsHttpTest {

    @DynamicPropertySource
    static void security(DynamicPropertyRegistry registry) {
        TestJwts.registerProperties(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    StartedObservations started;

    @Test
    void anAuthenticatedRequestMakesNoSpringSecurityObservation() {
        TestHttp http = new TestHttp(port);

        assertThat(http.post(SecurityTestApplication.PROTECTED, bearer(TestJwts.forUser("user_01").sign()), "{}")
                .statusCode()).isEqualTo(200);

        assertThat(started.names).contains("http.server.requests");
        assertThat(started.names).noneMatch(name -> name.startsWith("spring.security"));
    }

    /** The name of every observation started in the application (Spring Boot registers handler beans). */
    static class StartedObservations implements ObservationHandler<Observation.Context> {

        final List<String> names = new CopyOnWriteArrayList<>();

        @Override
        public void onStart(Observation.Context context) {
            names.add(context.getName());
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return true;
        }
    }
}
