package dev.smtptestkit.internal.protocol;

import dev.smtptestkit.internal.auth.AuthConfig;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;

/**
 * The limits and switches a {@link Session} works with, fixed for the receiver's life.
 *
 * @param serverName       the name in the greeting and EHLO reply
 * @param maxMessageSize   largest message accepted, in octets (RFC 1870 SIZE)
 * @param maxRecipients    recipients per message; more get 452 (RFC 5321 4.5.3.1.10)
 * @param maxCommandLine   longest command line including CRLF (RFC 5321 4.5.3.1.4)
 * @param rejectViolations refuse input that breaks a rule instead of only recording it
 * @param extensions       the extensions offered after EHLO
 * @param maxJunkCommands  commands in a row that start no transaction (NOOP, RSET, VRFY, HELP,
 *                         refused commands, ...) before the session is ended with 421
 * @param auth             AUTH (RFC 4954): offered or not, required or not, the credentials policy
 * @param tls              STARTTLS or implicit TLS, and whether TLS is required
 */
public record SessionConfig(String serverName, long maxMessageSize, int maxRecipients, int maxCommandLine,
                            boolean rejectViolations, Set<Extension> extensions, int maxJunkCommands,
                            AuthConfig auth, TlsPolicy tls) {

    /** The default for {@link #maxJunkCommands()}. */
    public static final int DEFAULT_MAX_JUNK_COMMANDS = 1000;

    /** Checks the limits: a message size int offsets can address, at least one recipient, RFC line minimum. */
    public SessionConfig {
        Objects.requireNonNull(serverName, "serverName");
        if (maxMessageSize < 1 || maxMessageSize > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("maxMessageSize must be between 1 and " + (Integer.MAX_VALUE - 16)
                    + " octets, was " + maxMessageSize);
        }
        if (maxRecipients < 1) {
            throw new IllegalArgumentException("maxRecipients must be at least 1, was " + maxRecipients);
        }
        if (maxCommandLine < 512) {
            throw new IllegalArgumentException("maxCommandLineLength must be at least 512 (RFC 5321 4.5.3.1.4), was "
                    + maxCommandLine);
        }
        if (maxJunkCommands < 1) {
            throw new IllegalArgumentException("maxJunkCommands must be at least 1, was " + maxJunkCommands);
        }
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(tls, "tls");
        extensions = Offered.of(extensions);
    }

    /**
     * The offered extensions, copied once into an immutable set: the {@code with...} copies pass it
     * on as it is (a {@code Set.copyOf} per copy made every receiver's start hash the set four times).
     */
    private static final class Offered extends AbstractSet<Extension> {
        private final Set<Extension> set;

        private Offered(Set<Extension> copy) {
            this.set = Collections.unmodifiableSet(copy);
        }

        static Set<Extension> of(Set<Extension> extensions) {
            if (extensions instanceof Offered offered) {
                return offered;
            }
            return new Offered(extensions.isEmpty() ? EnumSet.noneOf(Extension.class) : EnumSet.copyOf(extensions));
        }

        @Override
        public boolean contains(Object o) {
            return set.contains(o);
        }

        @Override
        public Iterator<Extension> iterator() {
            return set.iterator();
        }

        @Override
        public int size() {
            return set.size();
        }
    }

    /** Every extension offered, the default junk-command limit. */
    public SessionConfig(String serverName, long maxMessageSize, int maxRecipients, int maxCommandLine,
                         boolean rejectViolations) {
        this(serverName, maxMessageSize, maxRecipients, maxCommandLine, rejectViolations,
                EnumSet.allOf(Extension.class), DEFAULT_MAX_JUNK_COMMANDS, AuthConfig.disabled(), TlsPolicy.NONE);
    }

    /** The same settings with another set of offered extensions. */
    public SessionConfig withExtensions(Set<Extension> offered) {
        return new SessionConfig(serverName, maxMessageSize, maxRecipients, maxCommandLine, rejectViolations,
                offered, maxJunkCommands, auth, tls);
    }

    /** The same settings with another junk-command limit. */
    public SessionConfig withMaxJunkCommands(int limit) {
        return new SessionConfig(serverName, maxMessageSize, maxRecipients, maxCommandLine, rejectViolations,
                extensions, limit, auth, tls);
    }

    /** The same settings with another AUTH configuration. */
    public SessionConfig withAuth(AuthConfig next) {
        return new SessionConfig(serverName, maxMessageSize, maxRecipients, maxCommandLine, rejectViolations,
                extensions, maxJunkCommands, next, tls);
    }

    /** The same settings with another TLS policy. */
    public SessionConfig withTls(TlsPolicy next) {
        return new SessionConfig(serverName, maxMessageSize, maxRecipients, maxCommandLine, rejectViolations,
                extensions, maxJunkCommands, auth, next);
    }
}
