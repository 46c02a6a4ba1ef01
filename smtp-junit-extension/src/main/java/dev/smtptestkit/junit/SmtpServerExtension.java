package dev.smtptestkit.junit;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.junit.SmtpServer.Scope;
import dev.smtptestkit.junit.internal.FailureFiles;
import dev.smtptestkit.junit.internal.Messages;
import dev.smtptestkit.junit.internal.ReceiverResource;
import dev.smtptestkit.junit.internal.Settings;
import dev.smtptestkit.junit.internal.SmtpDialogue;
import dev.smtptestkit.junit.internal.StoreAccess;
import jakarta.mail.Session;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.opentest4j.AssertionFailedError;

/**
 * The JUnit Jupiter extension behind {@link SmtpServer}: starts receivers, injects {@link Mailbox},
 * {@link SmtpReceiver} and Jakarta Mail {@link Session} parameters, closes receivers through the extension store, and explains
 * failed tests with their SMTP dialogue.
 *
 * <p>Usually registered by the annotation. Register it programmatically when the port must be known
 * before a framework starts, or for receiver settings the annotation does not offer:
 *
 * <pre>{@code
 * @SpringBootTest
 * class SignupTest {
 *     @RegisterExtension
 *     static SmtpServerExtension smtp = SmtpServerExtension.builder()
 *             .receiver(r -> r.maxMessageSize(1024 * 1024))
 *             .build();                                   // class-wide, started in beforeAll
 *
 *     @DynamicPropertySource
 *     static void mail(DynamicPropertyRegistry registry) {
 *         registry.add("spring.mail.port", smtp::port);
 *     }
 * }
 * }</pre>
 *
 * <p>Do not combine the annotation and a registered field on one class: that is reported as a
 * configuration error. The extension object holds configuration only; receivers live in the
 * JUnit extension store, which closes them on JUnit 5.14 and 6.x alike.
 *
 * <p>(Why about 450 lines: the callbacks, the declaration look-up shared by all of them (STYLE 6:
 * one {@code resourceFor}, which also asks an {@link SmtpReceiverProvider}) and the nested public
 * {@link Builder}; the store value, settings and message texts are already in
 * {@code dev.smtptestkit.junit.internal}.)
 */
public final class SmtpServerExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SmtpServerExtension.class);

    /** Report entry key under which a failed test's dialogue is published. */
    public static final String REPORT_ENTRY_KEY = "smtp-dialogue";

    private final Builder programmatic;
    // Programmatic registration only: the running class-wide receiver, for port(), receiver(), mailbox().
    // Set when the store creates it and cleared when the store closes it; the store owns its lifecycle.
    // The one exception to "runtime state lives in the store" (STYLE 6), and deliberately so: a static
    // field's accessor (smtp.port() in a @DynamicPropertySource, a @BeforeAll, a field initialiser) is
    // called with no ExtensionContext, so no store can be reached from it. The reference is a view of
    // the store's value, never an owner: a class that fails or ends closes the receiver through the store.
    private final AtomicReference<ReceiverResource> classWide = new AtomicReference<>();

    /** Used by JUnit for {@link SmtpServer}; for programmatic registration use {@link #builder()}. */
    public SmtpServerExtension() {
        this.programmatic = null;
    }

    private SmtpServerExtension(Builder builder) {
        this.programmatic = builder;
    }

    /**
     * A builder for {@code @RegisterExtension} fields.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    // ---- accessors for programmatic registration ----

    /**
     * The port of the class-wide receiver; for {@code @DynamicPropertySource} and the like.
     *
     * @return the bound port
     * @throws IllegalStateException when no class-wide receiver of this extension is running
     */
    public int port() {
        return receiver().port();
    }

    /**
     * The class-wide receiver of a static, programmatically registered extension. One extension
     * object serves one test class at a time: do not share a static field between classes that run
     * in parallel.
     *
     * @return the running receiver
     * @throws IllegalStateException when no class-wide receiver of this extension is running
     */
    public SmtpReceiver receiver() {
        ReceiverResource r = classWide.get();
        if (r == null) {
            throw new IllegalStateException(Messages.noClassWideReceiver());
        }
        return r.receiver();
    }

    /**
     * The mailbox of the class-wide receiver.
     *
     * @return the receiver's mailbox
     * @throws IllegalStateException when no class-wide receiver of this extension is running
     */
    public Mailbox mailbox() {
        return receiver().mailbox();
    }

    // ---- callbacks ----

    /** Starts a class-wide receiver declared for this class. */
    @Override
    public void beforeAll(ExtensionContext context) {
        Optional<Declaration> declaration = declarationFor(context);
        if (declaration.isPresent() && declaration.get().settings().scope() == Scope.PER_CLASS) {
            resourceFor(declaration.get());
        }
    }

    /** Starts a per-test receiver, or prepares the class-wide one (clearing its mailbox unless told not to). */
    @Override
    public void beforeEach(ExtensionContext context) {
        Optional<Declaration> declaration = declarationFor(context);
        if (declaration.isPresent()) {
            resourceFor(declaration.get()).beginTest();
        }
    }

    /**
     * Runs the strict checks and, when the test failed, publishes the dialogue as a report entry,
     * the dialogue and each email as file entries, and attaches the dialogue to the failure. The
     * receiver itself is closed by the store, not here.
     */
    @Override
    public void afterEach(ExtensionContext context) {
        Optional<Declaration> declaration = declarationFor(context);
        if (declaration.isEmpty()) {
            return;
        }
        ReceiverResource resource = resourceFor(declaration.get());
        Optional<Throwable> failure = context.getExecutionException();
        Optional<String> problems = resource.strictProblems();
        if (failure.isEmpty() && problems.isEmpty()) {
            return;
        }
        String dialogue = resource.dialogue();
        context.publishReportEntry(REPORT_ENTRY_KEY, dialogue);
        if (problems.isPresent()) {
            FailureFiles.publish(context, resource.receiver());
            // JUnit adds this to a test failure as a suppressed exception, or fails the passing test with it.
            throw new AssertionFailedError(problems.get() + "\n" + dialogue);
        }
        resource.dialogueFor(failure.get()).ifPresent(d -> failure.get().addSuppressed(new SmtpDialogue(d)));
        FailureFiles.publish(context, resource.receiver());
    }

    // ---- parameters ----

    // Exactly the types resolveParameter returns: claiming more (any dev.smtptestkit type) would make a
    // user's own resolver for another of our types compete with this one.
    private static final List<Class<?>> INJECTED = List.of(Mailbox.class, SmtpReceiver.class, Session.class);

    /** Claims {@link Mailbox}, {@link SmtpReceiver} and Jakarta Mail {@link Session} parameters when a receiver is declared. */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return INJECTED.contains(parameterContext.getParameter().getType())
                && declarationFor(extensionContext).isPresent();
    }

    /**
     * Resolves {@link Mailbox}, {@link SmtpReceiver} and a new Jakarta Mail {@link Session} built from
     * {@link SmtpReceiver#javaMailProperties()}; refuses per-test receivers outside a test.
     */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        Declaration declaration = declarationFor(extensionContext).orElseThrow();
        if (declaration.settings().scope() == Scope.PER_TEST && extensionContext.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException(
                    Messages.perTestOutsideTest(type, parameterContext.getDeclaringExecutable()));
        }
        SmtpReceiver receiver = resourceFor(declaration).receiver();
        if (type == Session.class) {
            // A new Session per parameter: one test's setDebug or property change never reaches another's.
            return Session.getInstance(receiver.javaMailProperties());
        }
        return type == Mailbox.class ? receiver.mailbox() : receiver;
    }

    /** Constructors run in the test method's context, so a per-test receiver reaches them. */
    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        return ExtensionContextScope.TEST_METHOD;
    }

    // ---- declarations and the store ----

    /**
     * Where a receiver for this context is declared and where it lives.
     *
     * @param settings its configuration
     * @param key      scope + declaring element: distinct for a nested class's own declaration
     * @param home     the context whose store holds it
     */
    private record Declaration(Settings settings, Key key, ExtensionContext home) {
    }

    private record Key(Scope scope, Object declaringElement) {
    }

    private Optional<Declaration> declarationFor(ExtensionContext context) {
        return programmatic != null ? programmaticDeclaration(context) : annotatedDeclaration(context);
    }

    // The nearest @SmtpServer: on the test method, then the test class, then the enclosing classes.
    private static Optional<Declaration> annotatedDeclaration(ExtensionContext context) {
        Optional<Method> method = context.getTestMethod();
        if (method.isPresent()) {
            Optional<SmtpServer> onMethod = AnnotationSupport.findAnnotation(method.get(), SmtpServer.class);
            if (onMethod.isPresent()) {
                Settings settings = Settings.of(onMethod.get(), method.get());
                return Optional.of(new Declaration(settings, new Key(Scope.PER_TEST, method.get()), context));
            }
        }
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            if (c.getTestClass().isEmpty()) {
                break;
            }
            if (c.getTestMethod().isPresent()) {
                continue;
            }
            Class<?> testClass = c.getRequiredTestClass();
            Optional<SmtpServer> onClass = AnnotationSupport.findAnnotation(testClass, SmtpServer.class);
            if (onClass.isPresent()) {
                Settings settings = Settings.of(onClass.get(), testClass);
                ExtensionContext home = settings.scope() == Scope.PER_CLASS ? c : context;
                return Optional.of(new Declaration(settings, new Key(settings.scope(), testClass), home));
            }
        }
        return Optional.empty();
    }

    private Optional<Declaration> programmaticDeclaration(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        rejectAnnotationAlongside(context);
        Settings settings = programmatic.settings(Messages.programmaticOrigin(testClass));
        Key key = new Key(settings.scope(), this);
        if (settings.scope() == Scope.PER_TEST) {
            return Optional.of(new Declaration(settings, key, context));
        }
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent()) {
            classContext = classContext.getParent().orElseThrow();
        }
        if (context != classContext && classContext.getStore(NAMESPACE).get(key, ReceiverResource.class) == null) {
            throw new ExtensionConfigurationException(Messages.classScopeNotStatic(testClass));
        }
        return Optional.of(new Declaration(settings, key, classContext));
    }

    private static void rejectAnnotationAlongside(ExtensionContext context) {
        for (ExtensionContext c = context; c != null && c.getTestClass().isPresent(); c = c.getParent().orElse(null)) {
            Class<?> testClass = c.getRequiredTestClass();
            if (AnnotationSupport.isAnnotated(testClass, SmtpServer.class)
                    || !AnnotationSupport.findAnnotatedMethods(testClass, SmtpServer.class,
                            HierarchyTraversalMode.TOP_DOWN).isEmpty()) {
                throw new ExtensionConfigurationException(Messages.annotationAndField(testClass));
            }
        }
    }

    private ReceiverResource resourceFor(Declaration declaration) {
        return StoreAccess.computeIfAbsent(declaration.home().getStore(NAMESPACE), declaration.key(),
                key -> start(declaration), ReceiverResource.class);
    }

    private ReceiverResource start(Declaration declaration) {
        Settings settings = declaration.settings();
        if (programmatic == null && declaration.key().declaringElement() instanceof Class<?>) {
            // A framework (smtp-testkit-spring) may already run this class's receiver: use it, never a second one.
            for (SmtpReceiverProvider provider : ServiceLoader.load(SmtpReceiverProvider.class,
                    SmtpServerExtension.class.getClassLoader())) {
                Optional<SmtpReceiver> provided = provider.receiverFor(declaration.home());
                if (provided.isPresent()) {
                    return ReceiverResource.provided(settings, provided.get());
                }
            }
        }
        if (programmatic == null || settings.scope() == Scope.PER_TEST) {
            return ReceiverResource.start(settings, () -> { });
        }
        AtomicReference<ReceiverResource> self = new AtomicReference<>();
        ReceiverResource resource = ReceiverResource.start(settings, () -> classWide.compareAndSet(self.get(), null));
        self.set(resource);
        classWide.set(resource);
        return resource;
    }

    @Override
    public String toString() {
        return "SmtpServerExtension{" + (programmatic == null ? "@SmtpServer" : programmatic) + "}";
    }

    /**
     * Configures a programmatically registered extension. Receiver settings go through
     * {@link #receiver(Consumer)} to {@link SmtpReceiver.Builder}, one method per setting there.
     *
     * <pre>{@code
     * @RegisterExtension
     * static SmtpServerExtension smtp = SmtpServerExtension.builder()
     *         .receiver(r -> r.maxRecipients(10).idleTimeout(Duration.ofSeconds(5)))
     *         .strict(true)
     *         .build();
     * }</pre>
     */
    public static final class Builder {
        private Scope scope = Scope.PER_CLASS;
        private boolean clearBetweenTests = true;
        private boolean strict;
        private boolean failOnUnreadMail;
        private boolean failOnUnusedScriptRules;
        private final List<Consumer<SmtpReceiver.Builder>> receiver = new ArrayList<>();

        private Builder() {
        }

        /**
         * How long a receiver lives. Default {@link Scope#PER_CLASS}, unlike the annotation: a
         * registered field exists so that the port is known before the tests run (started in
         * {@code beforeAll}, read through {@link SmtpServerExtension#port()}), which only a
         * class-wide receiver in a static field can offer. {@link Scope#PER_TEST} gives a receiver per
         * test, reached through parameters.
         *
         * @param scope the scope
         * @return this builder
         */
        public Builder scope(Scope scope) {
            this.scope = Objects.requireNonNull(scope, "scope");
            return this;
        }

        /**
         * The same as {@link SmtpServer#clearBetweenTests()}. Default true.
         *
         * @param clear whether to clear the mailbox before each test
         * @return this builder
         */
        public Builder clearBetweenTests(boolean clear) {
            this.clearBetweenTests = clear;
            return this;
        }

        /**
         * The same as {@link SmtpServer#strict()}. Default false.
         *
         * @param strict whether protocol violations fail the test
         * @return this builder
         */
        public Builder strict(boolean strict) {
            this.strict = strict;
            return this;
        }

        /**
         * The same as {@link SmtpServer#failOnUnreadMail()}. Default false.
         *
         * @param failOnUnreadMail whether unread mail fails the test
         * @return this builder
         */
        public Builder failOnUnreadMail(boolean failOnUnreadMail) {
            this.failOnUnreadMail = failOnUnreadMail;
            return this;
        }

        /**
         * The same as {@link SmtpServer#failOnUnusedScriptRules()}: needs {@link Scope#PER_TEST}. Default false.
         *
         * @param fail whether a script rule that never fired during a test fails it
         * @return this builder
         */
        public Builder failOnUnusedScriptRules(boolean fail) {
            this.failOnUnusedScriptRules = fail;
            return this;
        }

        /**
         * Receiver settings, applied to a fresh {@link SmtpReceiver.Builder} for every receiver
         * (host, port, limits, timeouts, {@code rejectViolations}, listeners).
         * Called again for each receiver, so do not share state between calls.
         *
         * @param settings changes to apply to each receiver's builder
         * @return this builder
         */
        public Builder receiver(Consumer<SmtpReceiver.Builder> settings) {
            receiver.add(Objects.requireNonNull(settings, "settings"));
            return this;
        }

        /**
         * Builds the extension.
         *
         * @return the extension
         * @throws ExtensionConfigurationException when the settings conflict or a receiver setting is invalid
         */
        public SmtpServerExtension build() {
            Builder copy = new Builder();
            copy.scope = scope;
            copy.clearBetweenTests = clearBetweenTests;
            copy.strict = strict;
            copy.failOnUnreadMail = failOnUnreadMail;
            copy.failOnUnusedScriptRules = failOnUnusedScriptRules;
            copy.receiver.addAll(receiver);
            copy.settings("SmtpServerExtension.builder()"); // validates now rather than at the first test
            return new SmtpServerExtension(copy);
        }

        private Settings settings(String origin) {
            return new Settings(scope, clearBetweenTests, strict, failOnUnreadMail, failOnUnusedScriptRules, receiver,
                    origin);
        }

        @Override
        public String toString() {
            return "scope=" + scope + ", clearBetweenTests=" + clearBetweenTests + ", strict=" + strict
                    + ", failOnUnreadMail=" + failOnUnreadMail + ", failOnUnusedScriptRules=" + failOnUnusedScriptRules;
        }
    }
}
