package dev.smtptestkit.junit.internal;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Every text the extension shows a user, in one place so tests can pin them. */
public final class Messages {

    private static final String CLASS_WIDE_HINT = "use a class-wide receiver (@SmtpServer(scope = PER_CLASS))";

    private Messages() {
    }

    /** "@SmtpServer on class FooTest" or "@SmtpServer on method sends()". */
    public static String origin(AnnotatedElement where) {
        if (where instanceof Class<?> c) {
            return "@SmtpServer on class " + c.getSimpleName();
        }
        return "@SmtpServer on method " + signature((Method) where);
    }

    /** Where a programmatic registration was found. */
    public static String programmaticOrigin(Class<?> testClass) {
        return "SmtpServerExtension registered in class " + testClass.getSimpleName();
    }

    static String badScript(String origin, String problem) {
        return origin + ": " + problem;
    }

    static String unusedRulesWithClassScope(String origin) {
        return origin + ": failOnUnusedScriptRules = true needs scope = PER_TEST: a class-wide script's rules may fire "
                + "in any of the class's tests. Drop scope = PER_CLASS, or call receiver.script().assertAllRulesUsed() "
                + "in an @AfterAll method.";
    }

    static String classScopeOnMethod(String origin) {
        return origin + ": scope = PER_CLASS cannot be declared on a method. "
                + "Put @SmtpServer(scope = PER_CLASS) on the class, or drop scope from the method.";
    }

    static String clearWithoutClassScope(String origin) {
        return origin + ": clearBetweenTests = false needs scope = PER_CLASS, because only a class-wide receiver "
                + "is shared between tests. Add scope = PER_CLASS, or drop clearBetweenTests.";
    }

    // reason: Durations.parse's message, which quotes the text and says what to write instead.
    static String badDuration(String reason, String origin) {
        return origin + ": idleTimeout " + reason + ".";
    }

    static String zeroDuration(String text, String origin) {
        return origin + ": idleTimeout must be positive, was \"" + text + "\". Write milliseconds (\"5000\") or a "
                + "number with a unit (\"5s\").";
    }

    static String implicitPortWithoutStartTls(String origin, dev.smtptestkit.TlsMode tls) {
        return origin + ": implicitTlsPort = true opens an implicit-TLS port next to STARTTLS on the main one, so it "
                + "needs tls = TlsMode.STARTTLS (was " + tls + "). With tls = TlsMode.IMPLICIT the one port already "
                + "speaks TLS from the first byte.";
    }

    static String requireTlsWithoutTls(String origin) {
        return origin + ": requireTls = true needs TLS to be offered. Add tls = TlsMode.STARTTLS (or "
                + "tls = TlsMode.IMPLICIT), or drop requireTls.";
    }

    // The entry is not shown: it may be a password typed without its user name.
    static String badUser(int index, String origin) {
        return origin + ": users[" + index + "] is not \"user:password\" (a user name, a colon, the password). "
                + "Write users = {\"alice:s3cret\"}.";
    }

    static String duplicateUser(String user, String origin) {
        return origin + ": users names \"" + user + "\" twice. Give each user name once.";
    }

    /** A per-test receiver asked for where no test is running. */
    public static String perTestOutsideTest(Class<?> type, Executable where) {
        String target;
        String reason;
        if (where instanceof Constructor<?>) {
            target = "constructor " + signature(where);
            reason = "@SmtpServer starts one receiver per test, but this test instance serves the whole class "
                    + "(@TestInstance(PER_CLASS)). Move the parameter to a @BeforeEach or @Test method, or ";
        } else {
            target = (Modifier.isStatic(where.getModifiers()) ? "static method " : "method ") + signature(where);
            reason = "@SmtpServer starts one receiver per test. Move the parameter to a @BeforeEach or @Test method, or ";
        }
        return type.getSimpleName() + " cannot be injected into " + target + ": " + reason + CLASS_WIDE_HINT + ".";
    }

    /** Annotation and programmatic registration on one class. */
    public static String annotationAndField(Class<?> testClass) {
        return "Class " + testClass.getSimpleName() + " uses both @SmtpServer and a @RegisterExtension "
                + "SmtpServerExtension field, and each would start its own receiver. Keep one: the annotation, "
                + "or the field (configured through SmtpServerExtension.builder()).";
    }

    /** A class-wide programmatic receiver whose field was not static. */
    public static String classScopeNotStatic(Class<?> testClass) {
        return "SmtpServerExtension with scope PER_CLASS in class " + testClass.getSimpleName()
                + " was registered after the class started, so it has no class-wide receiver. Make the "
                + "@RegisterExtension field static, or build it with scope(PER_TEST).";
    }

    /** The extension's accessors with no class-wide receiver running. */
    public static String noClassWideReceiver() {
        return "SmtpServerExtension has no class-wide receiver running: port(), receiver() and mailbox() work "
                + "while a class that registers it in a static @RegisterExtension field with scope PER_CLASS runs. "
                + "With scope PER_TEST, take a SmtpReceiver or Mailbox parameter instead.";
    }

    private static String signature(Executable e) {
        String name = e instanceof Constructor<?> ? e.getDeclaringClass().getSimpleName() : e.getName();
        return name + Arrays.stream(e.getParameterTypes()).map(Class::getSimpleName)
                .collect(Collectors.joining(", ", "(", ")"));
    }
}
