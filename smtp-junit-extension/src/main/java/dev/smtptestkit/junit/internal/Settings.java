package dev.smtptestkit.junit.internal;

import dev.smtptestkit.AuthPolicy;
import dev.smtptestkit.Durations;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.SmtpScript;
import dev.smtptestkit.TlsMode;
import dev.smtptestkit.junit.SmtpServer;
import dev.smtptestkit.junit.SmtpServer.Scope;
import java.lang.reflect.AnnotatedElement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * The resolved configuration of one receiver declaration, from an annotation or a builder.
 *
 * @param scope             how long the receiver lives
 * @param clearBetweenTests clear a class-wide mailbox before each test
 * @param strict            fail tests in which a client broke the protocol
 * @param failOnUnreadMail  fail tests that left mail unread
 * @param failOnUnusedRules fail tests in which a script rule never fired
 * @param receiver          receiver settings, applied to a fresh builder for every receiver
 * @param origin            where it was declared, for messages ("@SmtpServer on class FooTest")
 */
public record Settings(Scope scope, boolean clearBetweenTests, boolean strict, boolean failOnUnreadMail,
                       boolean failOnUnusedRules, List<Consumer<SmtpReceiver.Builder>> receiver, String origin) {

    /** Validates and copies. */
    public Settings {
        Objects.requireNonNull(scope, "scope");
        receiver = List.copyOf(receiver);
        Objects.requireNonNull(origin, "origin");
        if (scope == Scope.PER_TEST && !clearBetweenTests) {
            throw new ExtensionConfigurationException(Messages.clearWithoutClassScope(origin));
        }
        if (scope == Scope.PER_CLASS && failOnUnusedRules) {
            throw new ExtensionConfigurationException(Messages.unusedRulesWithClassScope(origin));
        }
        // Apply once now so an invalid value fails at configuration, not at the first test.
        try {
            configure(receiver);
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(origin + ": " + e.getMessage(), e);
        }
    }

    /** The settings an annotation on a class or method declares. */
    public static Settings of(SmtpServer annotation, AnnotatedElement where) {
        String origin = Messages.origin(where);
        if (where instanceof java.lang.reflect.Method && annotation.scope() == Scope.PER_CLASS) {
            throw new ExtensionConfigurationException(Messages.classScopeOnMethod(origin));
        }
        Duration idle = annotation.idleTimeout().isEmpty() ? null : parseDuration(annotation.idleTimeout(), origin);
        if (annotation.requireTls() && annotation.tls() == TlsMode.NONE) {
            throw new ExtensionConfigurationException(Messages.requireTlsWithoutTls(origin));
        }
        if (annotation.implicitTlsPort() && annotation.tls() != TlsMode.STARTTLS) {
            throw new ExtensionConfigurationException(Messages.implicitPortWithoutStartTls(origin, annotation.tls()));
        }
        Map<String, String> users = parseUsers(annotation.users(), origin);
        Consumer<SmtpScript> script = script(annotation.script(), annotation.hideExtensions(), origin);
        Consumer<SmtpReceiver.Builder> fromAnnotation = b -> {
            if (annotation.maxMessageSize() != 0) {
                b.maxMessageSize(annotation.maxMessageSize());
            }
            if (annotation.maxRecipients() != 0) {
                b.maxRecipients(annotation.maxRecipients());
            }
            if (idle != null) {
                b.idleTimeout(idle);
            }
            b.tls(annotation.tls()).requireTls(annotation.requireTls());
            if (annotation.implicitTlsPort()) {
                b.implicitTlsPort(0);
            }
            if (!users.isEmpty()) {
                b.auth(AuthPolicy.users(users));
            } else if (annotation.auth()) {
                b.auth(AuthPolicy.acceptAny());
            }
            b.requireAuth(annotation.requireAuth());
            if (script != null) {
                b.script(script);
            }
        };
        return new Settings(annotation.scope(), annotation.clearBetweenTests(), annotation.strict(),
                annotation.failOnUnreadMail(), annotation.failOnUnusedScriptRules(), List.of(fromAnnotation), origin);
    }

    // The script attributes, checked now (an unknown keyword, a missing resource, a bad line fail at
    // configuration), applied to every receiver; null when the annotation scripts nothing.
    private static Consumer<SmtpScript> script(String resource, String[] hide, String origin) {
        if (resource.isEmpty() && hide.length == 0) {
            return null;
        }
        String[] keywords = hide.clone();
        Consumer<SmtpScript> setup = s -> {
            if (!resource.isEmpty()) {
                s.loadResource(resource);
            }
            s.hideExtensions(keywords);
        };
        try (SmtpReceiver check = SmtpReceiver.builder().script(setup).build()) {
            check.script(); // built, never started: the setup ran once
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(Messages.badScript(origin, e.getMessage()), e);
        }
        return setup;
    }

    /** A new receiver with these settings, not started. */
    public SmtpReceiver newReceiver() {
        return newBuilder().build();
    }

    /** A new builder with these settings. */
    public SmtpReceiver.Builder newBuilder() {
        return configure(receiver);
    }

    private static SmtpReceiver.Builder configure(List<Consumer<SmtpReceiver.Builder>> settings) {
        SmtpReceiver.Builder builder = SmtpReceiver.builder();
        settings.forEach(setting -> setting.accept(builder));
        return builder;
    }

    // "user:password", split at the first colon, so a password may hold colons (as in RFC 7617 2).
    static Map<String, String> parseUsers(String[] entries, String origin) {
        Map<String, String> users = new LinkedHashMap<>();
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i];
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw new ExtensionConfigurationException(Messages.badUser(i, origin));
            }
            String user = entry.substring(0, colon);
            if (users.put(user, entry.substring(colon + 1)) != null) {
                throw new ExtensionConfigurationException(Messages.duplicateUser(user, origin));
            }
        }
        return users;
    }

    // One reading of a duration for the annotation and the standalone runner: a bare number is milliseconds.
    static Duration parseDuration(String text, String origin) {
        Duration d;
        try {
            d = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(Messages.badDuration(e.getMessage(), origin), e);
        }
        if (d.isZero()) {
            throw new ExtensionConfigurationException(Messages.zeroDuration(text, origin));
        }
        return d;
    }
}
