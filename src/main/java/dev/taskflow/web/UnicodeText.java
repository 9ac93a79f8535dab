package dev.taskflow.web;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules every text field of a body follows, written once. Lengths are counted in code
 * points, as a person counts characters (an emoji is one, not two UTF-16 units). NUL is
 * refused because PostgreSQL's text cannot hold it. And JSON can spell what no text
 * holds: the escape {@code "\uD800"} decodes to a lone surrogate, a Java string that has
 * no UTF-8 form; the driver would write '?' in its place, so the stored text would differ
 * from what the client sent. Fields add their own rules (not blank, no control
 * characters) beside these.
 */
public final class UnicodeText {

	private UnicodeText() {
	}

	/** The length in code points. */
	public static int length(String text) {
		return text.codePointCount(0, text.length());
	}

	public static boolean hasNul(String text) {
		return text.indexOf('\0') >= 0;
	}

	/** False if {@code text} has a surrogate that is not half of a pair. */
	public static boolean isWellFormed(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The rules {@code text} breaks, as field error messages: at most {@code maxLength}
	 * code points, no NUL, valid Unicode. Empty (and nothing allocated) when it breaks
	 * none.
	 */
	public static List<String> brokenRules(String text, int maxLength) {
		boolean tooLong = length(text) > maxLength;
		boolean nul = hasNul(text);
		boolean malformed = !isWellFormed(text);
		if (!tooLong && !nul && !malformed) {
			return List.of();
		}
		List<String> broken = new ArrayList<>(3);
		if (tooLong) {
			broken.add("must be at most " + maxLength + " characters");
		}
		if (nul) {
			broken.add("must not contain NUL characters");
		}
		if (malformed) {
			broken.add("must be valid Unicode text");
		}
		return broken;
	}

}
