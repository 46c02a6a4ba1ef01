package dev.smtptestkit.internal.protocol;

import java.util.Map;

/** One parsed command line. Syntax is checked by {@link CommandParser}; order and limits by {@link Session}. */
public sealed interface Command {

    /** The verb as the receiver names it (upper case). */
    String verb();

    /**
     * RFC 2920 3.1: EHLO, DATA, VRFY, EXPN, TURN, QUIT and NOOP can only be the last command of a
     * pipelined group (HELO too: it changes what the session offers); so can STARTTLS (RFC 3207 4.2)
     * and AUTH (RFC 4954 4).
     */
    default boolean endsPipelinedGroup() {
        return this instanceof Ehlo || this instanceof Helo || this instanceof Data || this instanceof Vrfy
                || this instanceof Expn || this instanceof Quit || this instanceof Noop
                || this instanceof StartTls || this instanceof Auth;
    }

    /** EHLO with the client's name (RFC 5321 4.1.1.1). */
    record Ehlo(String domain) implements Command {
        public String verb() {
            return "EHLO";
        }
    }

    /** HELO with the client's name (RFC 5321 4.1.1.1). */
    record Helo(String domain) implements Command {
        public String verb() {
            return "HELO";
        }
    }

    /** MAIL FROM; {@code path} is "" for the null reverse path. */
    record Mail(Path path, Map<String, String> parameters, boolean spaceBeforePath) implements Command {
        public String verb() {
            return "MAIL";
        }
    }

    /** RCPT TO (RFC 5321 4.1.1.3). */
    record Rcpt(Path path, Map<String, String> parameters, boolean spaceBeforePath) implements Command {
        public String verb() {
            return "RCPT";
        }
    }

    /** DATA (RFC 5321 4.1.1.4). */
    record Data() implements Command {
        public String verb() {
            return "DATA";
        }
    }

    /** RFC 3030: BDAT chunk-size [LAST]. */
    record Bdat(long size, boolean last) implements Command {
        public String verb() {
            return "BDAT";
        }
    }

    /** RSET (RFC 5321 4.1.1.5). */
    record Rset() implements Command {
        public String verb() {
            return "RSET";
        }
    }

    /** NOOP, its argument ignored (RFC 5321 4.1.1.9). */
    record Noop() implements Command {
        public String verb() {
            return "NOOP";
        }
    }

    /** QUIT (RFC 5321 4.1.1.10). */
    record Quit() implements Command {
        public String verb() {
            return "QUIT";
        }
    }

    /** VRFY (RFC 5321 4.1.1.6). */
    record Vrfy(String argument) implements Command {
        public String verb() {
            return "VRFY";
        }
    }

    /** EXPN (RFC 5321 4.1.1.7). */
    record Expn(String argument) implements Command {
        public String verb() {
            return "EXPN";
        }
    }

    /** HELP, with an optional topic (RFC 5321 4.1.1.8). */
    record Help(String argument) implements Command {
        public String verb() {
            return "HELP";
        }
    }

    /**
     * STARTTLS (RFC 3207 4).
     *
     * @param hasArgument whether the client sent a parameter (RFC 3207 4: then 501)
     */
    record StartTls(boolean hasArgument) implements Command {
        public String verb() {
            return "STARTTLS";
        }
    }

    /**
     * AUTH (RFC 4954 4).
     *
     * @param argument the text after the verb: the mechanism and an optional initial response
     */
    record Auth(String argument) implements Command {
        public String verb() {
            return "AUTH";
        }
    }

    /** A command the RFCs define that this receiver does not offer (TURN, ETRN, ...). */
    record NotImplemented(String verb) implements Command {
    }

    /** A verb nobody defined. */
    record Unknown(String verb) implements Command {
    }

    /** A known verb with bad syntax; {@code reply} says what was wrong. */
    record Invalid(String verb, Reply reply) implements Command {
    }

    /**
     * A parsed path (RFC 5321 4.1.2), reduced to its mailbox: source routes are dropped.
     *
     * @param mailbox  {@code local@domain}, {@code ""} for the null path, or {@code Postmaster}
     * @param nonAscii whether it contains UTF-8 (allowed only with SMTPUTF8, RFC 6531)
     */
    record Path(String mailbox, boolean nonAscii) {
        /** Whether this is the null reverse path {@code <>} of a bounce (RFC 5321 4.5.5). */
        public boolean isNull() {
            return mailbox.isEmpty();
        }
    }
}
