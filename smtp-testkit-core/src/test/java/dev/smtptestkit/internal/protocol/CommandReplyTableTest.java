package dev.smtptestkit.internal.protocol;

import static dev.smtptestkit.internal.protocol.Dialogue.dialogue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One command line in a given state, and the exact reply: code and enhanced status code. The
 * enhanced code is empty before EHLO, after HELO (RFC 2034 3) and on 250 EHLO / 354 replies.
 */
class CommandReplyTableTest {

    /** Where the dialogue stands before the line of the table is sent. */
    enum Stage {
        /** Greeting only. */
        GREETED,
        /** HELO done. */
        HELO,
        /** EHLO done. */
        EHLO,
        /** EHLO and MAIL done. */
        MAIL,
        /** EHLO and MAIL with SMTPUTF8 done. */
        UTF8_MAIL,
        /** EHLO, MAIL and one RCPT done. */
        RCPT;

        Dialogue open() {
            return switch (this) {
                case GREETED -> dialogue();
                case HELO -> dialogue().helo();
                case EHLO -> dialogue().ehlo();
                case MAIL -> dialogue().ehlo().send("MAIL FROM:<a@example.com>").expect(250, "2.1.0");
                case UTF8_MAIL -> dialogue().ehlo().send("MAIL FROM:<a@example.com> SMTPUTF8").expect(250, "2.1.0");
                case RCPT -> dialogue().transaction();
            };
        }
    }

    @ParameterizedTest(name = "{0}: \"{1}\" -> {2} {3}")
    @CsvSource(delimiter = '|', textBlock = """
            GREETED   | EHLO client.example                                    | 250 | ''
            GREETED   | HELO client.example                                    | 250 | ''
            GREETED   | EHLO [192.0.2.1]                                       | 250 | ''
            GREETED   | EHLO                                                   | 501 | ''
            GREETED   | HELO                                                   | 501 | ''
            GREETED   | NOOP                                                   | 250 | ''
            GREETED   | RSET                                                   | 250 | ''
            GREETED   | QUIT                                                   | 221 | ''
            GREETED   | VRFY someone                                           | 252 | ''
            GREETED   | HELP                                                   | 214 | ''
            GREETED   | MAIL FROM:<a@example.com>                              | 503 | ''
            GREETED   | RCPT TO:<b@example.com>                                | 503 | ''
            GREETED   | DATA                                                   | 503 | ''
            GREETED   | FOO                                                    | 500 | ''
            GREETED   | ''                                                     | 500 | ''
            GREETED   | STARTTLS                                               | 502 | ''
            HELO      | MAIL FROM:<a@example.com>                              | 250 | ''
            HELO      | MAIL FROM:<a@example.com> SIZE=10                      | 555 | ''
            HELO      | MAIL FROM:<a@example.com> BODY=8BITMIME                | 555 | ''
            HELO      | MAIL FROM:<jörg@example.com>                           | 553 | ''
            HELO      | MAIL FROM:<a>                                          | 501 | ''
            HELO      | NOOP                                                   | 250 | ''
            HELO      | RCPT TO:<b@example.com>                                | 503 | ''
            HELO      | EXPN staff                                             | 502 | ''
            HELO      | BDAT 0 LAST                                            | 503 | ''
            EHLO      | NOOP                                                   | 250 | 2.0.0
            EHLO      | NOOP with an argument                                  | 250 | 2.0.0
            EHLO      | noop                                                   | 250 | 2.0.0
            EHLO      | RSET                                                   | 250 | 2.0.0
            EHLO      | RSET now                                               | 501 | 5.5.4
            EHLO      | QUIT                                                   | 221 | 2.0.0
            EHLO      | QUIT now                                               | 501 | 5.5.4
            EHLO      | 'QUIT '                                                | 221 | 2.0.0
            EHLO      | VRFY postmaster                                        | 252 | 2.0.0
            EHLO      | VRFY                                                   | 501 | 5.5.4
            EHLO      | HELP                                                   | 214 | 2.0.0
            EHLO      | HELP DATA                                              | 214 | 2.0.0
            EHLO      | EXPN staff                                             | 502 | 5.5.1
            EHLO      | EXPN                                                   | 501 | 5.5.4
            EHLO      | STARTTLS                                               | 502 | 5.5.1
            EHLO      | AUTH LOGIN                                             | 502 | 5.5.1
            EHLO      | XYZZY                                                  | 500 | 5.5.1
            EHLO      | ''                                                     | 500 | 5.5.2
            EHLO      | EHLO                                                   | 501 | 5.5.4
            EHLO      | EHLO other.example                                     | 250 | ''
            EHLO      | HELO other.example                                     | 250 | ''
            EHLO      | DATA                                                   | 503 | 5.5.1
            EHLO      | RCPT TO:<b@example.com>                                | 503 | 5.5.1
            EHLO      | MAIL FROM:<a@example.com>                              | 250 | 2.1.0
            EHLO      | mail from:<a@example.com>                              | 250 | 2.1.0
            EHLO      | MAIL FROM:<>                                           | 250 | 2.1.0
            EHLO      | MAIL FROM:a@example.com                                | 501 | 5.1.7
            EHLO      | MAIL FROM:<a>                                          | 501 | 5.1.7
            EHLO      | MAIL FROM:<a.@example.com>                             | 501 | 5.1.7
            EHLO      | MAIL FROM:<a@example.com.>                             | 501 | 5.1.7
            EHLO      | MAIL FROM:<"a b"@example.com>                          | 250 | 2.1.0
            EHLO      | MAIL FROM:<@x.example,@y.example:a@example.com>        | 250 | 2.1.0
            EHLO      | MAIL FROM:<a@[127.0.0.1]>                              | 250 | 2.1.0
            EHLO      | MAIL FROM:<a@[IPv6:::1]>                               | 250 | 2.1.0
            EHLO      | MAIL FROM:<a@[999.0.0.1]>                              | 501 | 5.1.7
            EHLO      | MAIL FROM:<a@[IPv6:1::2::3]>                           | 501 | 5.1.7
            EHLO      | MAIL FROM:<jörg@example.com>                           | 553 | 5.6.7
            EHLO      | MAIL FROM:<jörg@example.com> SMTPUTF8                  | 250 | 2.1.0
            EHLO      | MAIL FROM:<a@example.com> SMTPUTF8=yes                 | 501 | 5.5.4
            EHLO      | MAIL FROM:<a@example.com> SIZE=100                     | 250 | 2.1.0
            EHLO      | MAIL FROM:<a@example.com> SIZE=x                       | 501 | 5.5.4
            EHLO      | MAIL FROM:<a@example.com> SIZE=10001                   | 552 | 5.3.4
            EHLO      | MAIL FROM:<a@example.com> BODY=8BITMIME                | 250 | 2.1.0
            EHLO      | MAIL FROM:<a@example.com> BODY=7BIT                    | 250 | 2.1.0
            EHLO      | MAIL FROM:<a@example.com> BODY=BINARYMIME              | 501 | 5.5.4
            EHLO      | MAIL FROM:<a@example.com> RET=HDRS                     | 250 | 2.1.0
            EHLO      | MAIL FROM:<a@example.com> RET=NONE                     | 501 | 5.5.4
            EHLO      | MAIL FROM:<a@example.com> ENVID=abc+2B                 | 250 | 2.1.0
            EHLO      | MAIL FROM:<a@example.com> ENVID=abc+2b                 | 501 | 5.5.4
            EHLO      | MAIL FROM:<a@example.com> FOO=BAR                      | 555 | 5.5.4
            EHLO      | MAIL FROM:<a@example.com> SIZE=1 SIZE=2                | 501 | 5.5.4
            EHLO      | BDAT 0 LAST                                            | 503 | 5.5.1
            EHLO      | BDAT x                                                 | 501 | 5.5.4
            MAIL      | MAIL FROM:<c@example.com>                              | 503 | 5.5.1
            MAIL      | DATA                                                   | 503 | 5.5.1
            MAIL      | BDAT 0 LAST                                            | 503 | 5.5.1
            MAIL      | RSET                                                   | 250 | 2.0.0
            MAIL      | RCPT TO:<b@example.com>                                | 250 | 2.1.5
            MAIL      | rcpt to:<b@example.com>                                | 250 | 2.1.5
            MAIL      | RCPT TO:<Postmaster>                                   | 250 | 2.1.5
            MAIL      | RCPT TO:<b>                                            | 501 | 5.1.3
            MAIL      | RCPT TO:b@example.com                                  | 501 | 5.1.3
            MAIL      | RCPT TO:<>                                             | 501 | 5.1.3
            MAIL      | RCPT TO:<用户@example.com>                              | 553 | 5.6.7
            MAIL      | RCPT TO:<b@example.com> NOTIFY=NEVER                   | 250 | 2.1.5
            MAIL      | RCPT TO:<b@example.com> NOTIFY=SOMETIMES               | 501 | 5.5.4
            MAIL      | RCPT TO:<b@example.com> ORCPT=rfc822;b@example.com     | 250 | 2.1.5
            MAIL      | RCPT TO:<b@example.com> ORCPT=b@example.com            | 501 | 5.5.4
            MAIL      | RCPT TO:<b@example.com> SIZE=10                        | 555 | 5.5.4
            UTF8_MAIL | RCPT TO:<用户@例子.广告>                                 | 250 | 2.1.5
            UTF8_MAIL | RCPT TO:<"δοκιμή"@example.com>                         | 250 | 2.1.5
            RCPT      | DATA                                                   | 354 | ''
            RCPT      | data                                                   | 354 | ''
            RCPT      | DATA now                                               | 501 | 5.5.4
            RCPT      | BDAT 0 LAST                                            | 250 | 2.0.0
            RCPT      | MAIL FROM:<c@example.com>                              | 503 | 5.5.1
            RCPT      | RCPT TO:<c@example.com>                                | 250 | 2.1.5
            RCPT      | HELO again.example                                     | 250 | ''
            RCPT      | QUIT                                                   | 221 | 2.0.0
            """)
    void answersEachLineWithTheExactReply(Stage stage, String line, int code, String enhancedCode) {
        stage.open().send(line).expect(code, enhancedCode);
    }
}
