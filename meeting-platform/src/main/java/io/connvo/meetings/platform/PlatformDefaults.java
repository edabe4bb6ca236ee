package io.connvo.meetings.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;

/**
 * The settings every deployment shares (the standalone application and the four services), from
 * {@code platform-defaults.yml} beside this class, added as the environment's last property source but Spring Boot's
 * own {@code defaultProperties}: a deployment's configuration files, its profiles, environment variables and
 * command-line arguments all override them, so each deployment's file holds only what is its own.
 */
public class PlatformDefaults implements EnvironmentPostProcessor {

    static final String PROPERTY_SOURCE_NAME = "connvoPlatformDefaults";
    private static final Resource DEFAULTS = new ClassPathResource("platform-defaults.yml", PlatformDefaults.class);

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
            return;
        }
        try {
            new YamlPropertySourceLoader().load(PROPERTY_SOURCE_NAME, DEFAULTS)
                    .forEach(environment.getPropertySources()::addLast);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + DEFAULTS, e);
        }
    }
}
