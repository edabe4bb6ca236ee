package io.connvo.meetings.bench.baseline;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The baseline the product is measured against: a bare Spring MVC endpoint behind the same kind of JWT
 * validation (RS256, JWKS fetched over HTTP, issuer, audience and expiry checked) that does one JDBC insert.
 * Started by the harness as a child process, with {@code spring.datasource.*} pointing at H2 or PostgreSQL.
 */
@SpringBootApplication
public class BaselineApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(BaselineApplication.class);
        application.setAdditionalProfiles("baseline");
        application.run(args);
    }
}
