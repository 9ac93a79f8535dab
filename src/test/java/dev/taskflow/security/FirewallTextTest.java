package dev.taskflow.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The firewall's rules as loops decide exactly as its own regular expressions do. */
class FirewallTextTest {

    private static final List<String> SAMPLES = samples();

    @Test
    void headerNamesAsTheFirewallDecides() {
        for (String sample : SAMPLES) {
            assertThat(FirewallText.assignedAndNotControl(sample)).as(describe(sample))
                    .isEqualTo(StrictServerWebExchangeFirewall.ALLOWED_HEADER_NAMES.test(sample));
        }
    }

    @Test
    void headerValuesAsTheFirewallDecides() {
        for (String sample : SAMPLES) {
            assertThat(FirewallText.headerValue(sample)).as(describe(sample))
                    .isEqualTo(StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES.test(sample));
        }
    }

    @Test
    void controlCharactersAreRefusedAndATabOnlyInValues() {
        assertThat(FirewallText.headerValue("a\u0000b")).isFalse();
        assertThat(FirewallText.headerValue("a\u007Fb")).isFalse();
        assertThat(FirewallText.headerValue("a\tb")).isTrue();
        assertThat(FirewallText.assignedAndNotControl("a\tb")).isFalse();
        assertThat(FirewallText.headerValue("Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig")).isTrue();
    }

    private static List<String> samples() {
        List<String> samples = new ArrayList<>(Arrays.asList(null, "", "Host", "localhost:8080", "curl/8.0",
                "Bearer abc.def-ghi_jkl", "application/json; charset=utf-8", "\"1\", W/\"2\"", "a\tb", "\t",
                "Ünïcödé", "日本語", "emoji \uD83D\uDE00", "lone \uD800 surrogate", "unassigned \u0378",
                "private use \uE000"));
        for (int c = 0; c < 0x100; c++) {
            samples.add("x" + (char) c + "y");
        }
        return samples;
    }

    private static String describe(String sample) {
        return sample == null ? "null" : sample.chars().mapToObj(c -> String.format("U+%04X", c)).toList().toString();
    }
}
