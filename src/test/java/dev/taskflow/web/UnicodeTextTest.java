package dev.taskflow.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The text rules every text field follows. */
class UnicodeTextTest {

	@Test
	void lengthCountsCodePoints() {
		String emoji = "\uD83D\uDE00";
		assertThat(UnicodeText.length(emoji.repeat(3))).isEqualTo(3);
		assertThat(UnicodeText.brokenRules(emoji.repeat(3), 3)).isEmpty();
		assertThat(UnicodeText.brokenRules("abcd", 3)).containsExactly("must be at most 3 characters");
	}

	@Test
	void nulAndLoneSurrogatesAreRefusedEachNamed() {
		assertThat(UnicodeText.brokenRules("a\u0000b", 10)).containsExactly("must not contain NUL characters");
		assertThat(UnicodeText.brokenRules("a\uD800b", 10)).containsExactly("must be valid Unicode text");
		assertThat(UnicodeText.brokenRules("\uDC00\u0000xxxx", 3)).containsExactly("must be at most 3 characters",
				"must not contain NUL characters", "must be valid Unicode text");
	}

	@Test
	void onlyPairedSurrogatesAreWellFormed() {
		assertThat(UnicodeText.isWellFormed("\uD83D\uDE00")).isTrue();
		assertThat(UnicodeText.isWellFormed("\uD83D")).isFalse();
		assertThat(UnicodeText.isWellFormed("\uDE00\uD83D")).isFalse();
		assertThat(UnicodeText.isWellFormed("tab\tand\u0085control")).isTrue();
	}

	@Test
	void aFieldGetsOneEntryNamingEveryBrokenRule() {
		FieldErrors errors = new FieldErrors().reject("title", UnicodeText.brokenRules("\u0000\uD800", 255))
			.reject("description", UnicodeText.brokenRules("fine", 255));
		assertThat(errors.problem().properties().get("errors")).asList()
			.containsExactly(java.util.Map.of("field", "title", "message",
					"must not contain NUL characters; must be valid Unicode text"));
	}

}
