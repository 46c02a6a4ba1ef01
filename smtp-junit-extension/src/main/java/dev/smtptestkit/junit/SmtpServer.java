package dev.smtptestkit.junit;

import dev.smtptestkit.TlsMode;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test a real SMTP receiver on an ephemeral loopback port, started before the test and
 * closed after it, even when the test fails or times out.
 *
 * <pre>{@code
 * @SmtpServer
 * class WelcomeMailTest {
 *     @Test
 *     void sendsWelcomeMail(Session session, Mailbox mailbox) throws Exception {
 *         new WelcomeMailer(session).send("new.user@example.com");      // jakarta.mail.Session
 *         assertThat(mailbox).singleEmail().hasSubject("Welcome");
 *     }
 * }
 * }</pre>
 *
 * <h2>Injection</h2>
 * Parameters of type {@link dev.smtptestkit.Mailbox} (what arrived),
 * {@link dev.smtptestkit.SmtpReceiver} (host, port, {@code javaMailProperties()}, {@code url()}) and
 * {@link jakarta.mail.Session} (a new Jakarta Mail session built from the receiver's
 * {@code javaMailProperties()}, ready to send to it) are resolved in test methods, {@code @BeforeEach}/{@code @AfterEach} methods, constructors,
 * {@code @ParameterizedTest}, {@code @RepeatedTest} and other {@code @TestTemplate} methods, and in
 * {@code @Nested} classes (an inner class sees the outer receiver unless it declares its own
 * {@code @SmtpServer}). {@code @BeforeAll}/{@code @AfterAll} methods get one only with
 * {@link Scope#PER_CLASS}. No other type is claimed, so a resolver of your own for another type
 * (even one of package {@code dev.smtptestkit}) works alongside; a {@code Mailbox} parameter without this annotation is reported by
 * JUnit as "No ParameterResolver registered for parameter [dev.smtptestkit.Mailbox ...]": annotate
 * the class with {@code @SmtpServer}.
 *
 * <h2>Scope</h2>
 * {@link Scope#PER_TEST} (default): every test method, repetition and parameterized invocation gets
 * its own receiver, so tests running in parallel never see each other's mail.
 * {@link Scope#PER_CLASS}: one receiver for all tests of the class (and its {@code @Nested}
 * classes), its mailbox cleared before each test unless {@link #clearBetweenTests()} is false.
 * On a method, the annotation always means a receiver for that method alone.
 *
 * <h2>Configuration</h2>
 * The attributes cover the common settings; each default is a sentinel meaning "the receiver's
 * default" as documented on {@link dev.smtptestkit.SmtpReceiver.Builder}. On a Spring TestContext
 * class ({@code @SpringBootTest}) with {@code smtp-testkit-spring} on the class path, the receiver of a
 * class-level annotation is started with the application context, one per context, and
 * {@code spring.mail.*} points at it (see {@link SmtpReceiverProvider}). For anything else, register
 * {@link SmtpServerExtension#builder()} in a static {@code @RegisterExtension} field instead of
 * using this annotation. The nearest annotation wins: method, then class, then enclosing class.
 * TLS and AUTH for the common cases, as production mail settings need them:
 * {@code @SmtpServer(tls = TlsMode.STARTTLS, requireTls = true, users = "app:s3cret")}; the
 * receiver's {@code javaMailProperties()} then trusts its certificate (add {@code mail.smtp.auth}
 * and the login as in production).
 *
 * <h2>Failures</h2>
 * When a test fails, the SMTP dialogue of its receiver (one line per command and reply) is
 * published as a report entry named {@code smtp-dialogue} and attached to the failure as a
 * suppressed exception, so it shows in IDEs and in Maven and Gradle logs (unless the failure, from
 * {@code Mailbox} or the assertions, already shows the whole dialogue). With {@link #strict()} a
 * test that passed still fails when a client broke the protocol; with {@link #failOnUnreadMail()}
 * when mail arrived that the test never read. Misconfiguration fails with an
 * {@code ExtensionConfigurationException} naming the attribute and the fix.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(SmtpServerExtension.class)
public @interface SmtpServer {

    /**
     * How long a receiver lives. Default {@link Scope#PER_TEST}.
     *
     * @return the scope
     */
    Scope scope() default Scope.PER_TEST;

    /**
     * With {@link Scope#PER_CLASS}: forget what the previous test received before each test.
     * Default true. Setting it to false with {@link Scope#PER_TEST} is a configuration error.
     *
     * @return whether to clear the mailbox before each test
     */
    boolean clearBetweenTests() default true;

    /**
     * The largest message accepted, in octets (SIZE, RFC 1870). 0 (default): the receiver's default.
     *
     * @return the limit in octets, or 0
     */
    long maxMessageSize() default 0;

    /**
     * Recipients accepted per message. 0 (default): the receiver's default.
     *
     * @return the limit, or 0
     */
    int maxRecipients() default 0;

    /**
     * How long a client may stay silent, read by {@link dev.smtptestkit.Durations#parse} as the
     * standalone runner's {@code --idle-timeout} is: milliseconds ({@code "5000"}), with a unit
     * ({@code "500ms"}, {@code "5s"}, {@code "1m"}, {@code "2h"}) or ISO-8601 ({@code "PT5S"}); it must
     * be positive. Empty (default): the receiver's default.
     *
     * @return the timeout, or empty
     */
    String idleTimeout() default "";

    /**
     * After each test, fail it when a client broke the protocol during the test: a recorded
     * {@link dev.smtptestkit.ProtocolViolation} (unknown or refused commands included) or a session
     * that ended by timeout, limit or I/O error. The failure lists what happened with the dialogue.
     * Default false. The client is still answered as usual; to have the receiver refuse such input
     * at the protocol level, use {@code SmtpReceiver.Builder.rejectViolations(true)} through
     * {@link SmtpServerExtension.Builder#receiver}.
     *
     * @return whether protocol violations fail the test
     */
    boolean strict() default false;

    /**
     * After each test, fail it when an email arrived that the test never read through the
     * {@link dev.smtptestkit.Mailbox} (see {@link dev.smtptestkit.Mailbox#unreadEmails()}).
     * Default false.
     *
     * @return whether unread mail fails the test
     */
    boolean failOnUnreadMail() default false;

    /**
     * After each test, fail it when a rule of the receiver's script never fired during the test
     * ({@link dev.smtptestkit.SmtpScript#unusedRules()}), so a test cannot pass by accident with a
     * stale script: a rule for {@code bob@example.com} while the code under test now mails
     * {@code robert@example.com}. Only with {@link Scope#PER_TEST} (each test has its own receiver
     * and script); with a class-wide receiver call {@code receiver.script().assertAllRulesUsed()} in
     * an {@code @AfterAll} method instead. Default false.
     *
     * @return whether a script rule that never fired fails the test
     */
    boolean failOnUnusedScriptRules() default false;

    /**
     * How the receiver offers TLS: {@link TlsMode#STARTTLS} (RFC 3207) or {@link TlsMode#IMPLICIT}
     * (RFC 8314 "SMTPS"), with a certificate generated once per JVM that
     * {@code receiver.javaMailProperties()} and {@code receiver.clientSslContext()} trust.
     * Default {@link TlsMode#NONE}: plain SMTP.
     *
     * @return the TLS mode
     */
    TlsMode tls() default TlsMode.NONE;

    /**
     * Refuse MAIL and AUTH with {@code 530 5.7.0 Must issue a STARTTLS command first} until TLS is
     * active. Needs {@link #tls()}; without it the configuration fails. Default false.
     *
     * @return whether TLS is required
     */
    boolean requireTls() default false;

    /**
     * Also listen for implicit TLS (RFC 8314 "SMTPS") on a second, ephemeral port, next to STARTTLS
     * on the main one; read it with {@code receiver.smtpsPort()}. One mailbox for both. Needs
     * {@code tls = TlsMode.STARTTLS}; otherwise the configuration fails. Default false.
     *
     * @return whether a second, implicit-TLS port is opened
     */
    boolean implicitTlsPort() default false;

    /**
     * Offer AUTH (RFC 4954: PLAIN, LOGIN, CRAM-MD5, XOAUTH2) and accept any login, recording who
     * logged in on the envelope. Default false. With {@link #users()} only those users get in.
     *
     * @return whether AUTH is offered to anyone
     */
    boolean auth() default false;

    /**
     * Refuse MAIL with {@code 530 5.7.0 Authentication required} until the client logged in; turns
     * AUTH on (any login, unless {@link #users()} names the users). Default false.
     *
     * @return whether a login is required
     */
    boolean requireAuth() default false;

    /**
     * The only logins accepted, as {@code "user:password"} (split at the first colon, so a password
     * may contain colons); turns AUTH on. For XOAUTH2 the part after the colon is the bearer token.
     * Default empty: with {@link #auth()} or {@link #requireAuth()}, any login. For a validator of
     * your own, use {@code SmtpReceiver.Builder.auth(AuthPolicy)} through
     * {@link SmtpServerExtension.Builder#receiver}.
     *
     * @return the users, for example {@code {"alice:s3cret", "bob:hunter2"}}
     */
    String[] users() default {};

    /**
     * EHLO keywords the receiver hides from every session, for code that must cope with a server
     * that lacks them, for example {@code hideExtensions = {"CHUNKING", "PIPELINING"}}. A hidden
     * extension is also refused when used (BDAT gets 503, a SIZE parameter 555). Any case; the
     * keywords are SIZE, 8BITMIME, PIPELINING, SMTPUTF8, ENHANCEDSTATUSCODES, CHUNKING, DSN,
     * STARTTLS and AUTH. The same as {@code receiver.script().hideExtensions(...)} before the first
     * session. Default empty: every extension the receiver offers. An unknown keyword fails with an
     * {@code ExtensionConfigurationException} naming it and listing the valid ones.
     *
     * @return the keywords to hide
     */
    String[] hideExtensions() default {};

    /**
     * A script of replies and faults on the class path, in the standalone runner's format (one
     * rule a line, see the README), for example {@code script = "faults/greylist.smtpscript"} for
     * {@code src/test/resources/faults/greylist.smtpscript}. Its rules are the receiver's script from
     * the start; a test may add more through {@code receiver.script()}. With {@link Scope#PER_CLASS}
     * the rules and their counts ({@code times 2}) are shared by the tests of the class. Default
     * "": no script. A missing resource or a bad line fails with an
     * {@code ExtensionConfigurationException} naming the resource and the line.
     *
     * @return the resource name, without a leading {@code /}
     */
    String script() default "";

    /** How long a receiver lives. */
    enum Scope {
        /** A fresh receiver for every test method, repetition and invocation. */
        PER_TEST,
        /** One receiver for the test class, shared by its tests and its {@code @Nested} classes. */
        PER_CLASS
    }
}
