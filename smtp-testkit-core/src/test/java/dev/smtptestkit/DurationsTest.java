package dev.smtptestkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({"5000, 5000", "0, 0", "500ms, 500", "500MS, 500", "5s, 5000", "1m, 60000", "2h, 7200000",
        "PT5S, 5000", "pt1m30s, 90000", "' 7s ', 7000"})
    void readsMillisecondsUnitsAndIso8601(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "s", "5 s", "5x", "5sec", "-5", "-PT5S", "1.5s", "99999999999999999999", "PT"})
    void rejectsAnythingElseSayingWhatToWrite(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' is not a duration: write milliseconds (\"5000\"), a number with a unit "
                        + "(\"500ms\", \"5s\", \"1m\", \"2h\") or ISO-8601 (\"PT5S\")");
    }
}
