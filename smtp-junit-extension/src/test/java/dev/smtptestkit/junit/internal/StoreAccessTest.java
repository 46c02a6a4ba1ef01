package dev.smtptestkit.junit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StoreAccessTest {

    // The build runs this on JUnit 5.14 and, with -Pjunit6, on 6.x: each must pick its own current method.
    @Test
    void usesTheStoreMethodThatIsCurrentOnTheJUnitThatRuns() {
        String version = Test.class.getPackage().getImplementationVersion();
        String expected = version.startsWith("5.") ? "getOrComputeIfAbsent" : "computeIfAbsent";
        assertEquals(expected, StoreAccess.methodName(), "JUnit " + version);
    }
}
