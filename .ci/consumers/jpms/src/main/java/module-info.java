/** A user's module that sends mail and tests it with smtp-testkit. */
module example.app {
    // Brings dev.smtptestkit, jakarta.mail, org.assertj.core and org.junit.jupiter.api along.
    requires dev.smtptestkit.junit;

    // JUnit instantiates the test class reflectively.
    opens example.app to org.junit.platform.commons;
}
