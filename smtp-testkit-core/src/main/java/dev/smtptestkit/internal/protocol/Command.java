package dev.smtptestkit.internal.protocol;

import java.util.Map;

/** One parsed command line. Syntax is checked by {@link CommandParser}; order and limits by {@link Session}. */
public sealed interface Command {

    /** The verb as the receiver names it (upper case). */
    String verb();

    record Ehlo(String domain) implements Command {
        public String verb() {
            return "EHLO";
        }
    }

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

    record Rcpt(Path path, Map<String, String> parameters, boolean spaceBeforePath) implements Command {
        public String verb() {
            return "RCPT";
        }
    }

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

    record Rset() implements Command {
        public String verb() {
            return "RSET";
        }
    }

    record Noop() implements Command {
        public String verb() {
            return "NOOP";
        }
    }

    record Quit() implements Command {
        public String verb() {
            return "QUIT";
        }
    }

    record Vrfy(String argument) implements Command {
        public String verb() {
            return "VRFY";
        }
    }

    record Expn(String argument) implements Command {
        public String verb() {
            return "EXPN";
        }
    }

    record Help(String argument) implements Command {
        public String verb() {
            return "HELP";
        }
    }

    /** A command the RFCs define that this receiver does not offer (STARTTLS, AUTH, TURN, ...). */
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
        public boolean isNull() {
            return mailbox.isEmpty();
        }
    }
}
