package io.connvo.meetings.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * meeting-platform's shared defaults reach every application that has the module, with nothing of their own in its
 * configuration, and lose to a configuration file, an environment variable and a command-line argument.
 */
class PlatformDefaultsTest {

    private static final String SAMPLING = "management.tracing.sampling.probability";

    @TempDir
    Path dir;

    @Test
    void anApplicationWithoutConfigurationOfItsOwnGetsTheSharedDefaults() {
        try (ConfigurableApplicationContext app = start(new StandardEnvironment(), "--spring.config.name=none")) {
            ConfigurableEnvironment environment = app.getEnvironment();

            assertThat(environment.getProperty(SAMPLING)).isEqualTo("0.1");
            assertThat(environment.getProperty("axon.timeout.handler.events.timeout-ms")).isEqualTo("-1");
            assertThat(environment.getProperty("axon.timeout.handler.deadlines.warning-threshold-ms")).isEqualTo("-1");
            assertThat(environment.getProperty("axon.serializer.events")).isEqualTo("jackson");
            assertThat(environment.getProperty("server.shutdown")).isEqualTo("graceful");
            assertThat(environment.getProperty("server.port")).isEqualTo("8080");
        }
    }

    @Test
    void aConfigurationFileOverridesThem() throws Exception {
        Files.writeString(dir.resolve("own.yml"), "management.tracing.sampling.probability: 0.5\n");

        try (ConfigurableApplicationContext app = start(new StandardEnvironment(),
                "--spring.config.location=file:" + dir.resolve("own.yml"))) {
            assertThat(app.getEnvironment().getProperty(SAMPLING)).isEqualTo("0.5");
            assertThat(app.getEnvironment().getProperty("axon.serializer.events")).isEqualTo("jackson");
        }
    }

    @Test
    void anEnvironmentVariableOverridesThem() {
        StandardEnvironment withVariables = new StandardEnvironment() {
            @Override
            protected void customizePropertySources(MutablePropertySources sources) {
                super.customizePropertySources(sources);
                sources.replace(SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
                        SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.of("MANAGEMENT_TRACING_SAMPLING_PROBABILITY", "0.7", "PORT", "9090")));
            }
        };

        try (ConfigurableApplicationContext app = start(withVariables, "--spring.config.name=none")) {
            assertThat(app.getEnvironment().getProperty(SAMPLING)).isEqualTo("0.7");
            assertThat(app.getEnvironment().getProperty("server.port")).isEqualTo("9090");
        }
    }

    @Test
    void aCommandLineArgumentOverridesThem() {
        try (ConfigurableApplicationContext app = start(new StandardEnvironment(), "--spring.config.name=none",
                "--" + SAMPLING + "=1.0")) {
            assertThat(app.getEnvironment().getProperty(SAMPLING)).isEqualTo("1.0");
        }
    }

    /** An application with no beans and no web server: only its environment is looked at. */
    private static ConfigurableApplicationContext start(ConfigurableEnvironment environment, String... args) {
        return new SpringApplicationBuilder(Object.class)
                .environment(environment)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .run(args);
    }
}
