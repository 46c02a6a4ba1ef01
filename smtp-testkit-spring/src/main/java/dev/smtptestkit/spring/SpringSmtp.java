package dev.smtptestkit.spring;

/**
 * The names under which {@code smtp-testkit-spring} puts the receiver of a class-level
 * {@code @SmtpServer} into a Spring test's application context. Nothing here needs calling: adding
 * the module to the test class path is the whole set-up.
 *
 * <pre>{@code
 * @SpringBootTest
 * @SmtpServer                                   // spring.mail.host and spring.mail.port point at it
 * class SignupTest {
 *     @Autowired WelcomeMailService welcomeMail;
 *
 *     @Test
 *     void sendsTheWelcomeMail(Mailbox mailbox) {
 *         welcomeMail.sendWelcome("new.user@example.com", "Ada");
 *         assertThat(mailbox).singleEmail().hasSubject("Welcome, Ada");
 *     }
 * }
 * }</pre>
 *
 * <p>One receiver runs per application context, started when the context is created and closed
 * with it; classes whose {@code @SmtpServer} asks for the same receiver (and whose Spring
 * configuration is the same) share one cached context and one receiver. The JUnit extension injects
 * that receiver, its {@code Mailbox} and a Jakarta Mail {@code Session}, and clears the mailbox
 * before each test.
 */
public final class SpringSmtp {

    /** The bean name of the receiver ({@code dev.smtptestkit.SmtpReceiver}); it can also be autowired by type. */
    public static final String RECEIVER_BEAN = "smtpTestkitReceiver";

    /**
     * The property source that points {@code spring.mail.*} at the receiver: host, port and, with TLS,
     * the TLS mode and the trust. It comes before every other source, so it wins over the
     * application's own {@code spring.mail.host}.
     */
    public static final String PROPERTY_SOURCE = "smtp-testkit";

    /**
     * The property source of what is only a default (the application's own settings win): the
     * Jakarta Mail timeouts and, when {@code @SmtpServer(users = ...)} names users, the first user as
     * {@code spring.mail.username}/{@code password} with {@code mail.smtp.auth=true}.
     */
    public static final String DEFAULTS_PROPERTY_SOURCE = "smtp-testkit-defaults";

    /**
     * The Spring Boot SSL bundle ({@code spring.ssl.bundle.pem.smtp-testkit}) that trusts the
     * receiver's certificate authority, set as {@code spring.mail.ssl.bundle} when the receiver offers TLS.
     */
    public static final String SSL_BUNDLE = "smtp-testkit";

    private SpringSmtp() {
    }
}
