package dev.smtptestkit.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;

/**
 * These samples run twice: in {@code samples-spring} on Spring Boot 3.5 with JUnit 5, and in
 * {@code samples-spring-boot4} on Spring Boot 4 with JUnit 6. Checks that the versions on the class
 * path are the ones the module's POM names, so neither run silently tests the other's.
 */
class SpringVersionsSampleTest {

    @Test
    void theSpringBootAndJUnitOnTheClassPathAreTheOnesThisModuleNames() {
        assertThat(SpringBootVersion.getVersion()).isEqualTo(System.getProperty("expected.spring-boot.version"));
        assertThat(Test.class.getPackage().getImplementationVersion())
                .isEqualTo(System.getProperty("expected.junit.version"));
    }
}
