package dev.taskflow.web;

import org.springframework.core.io.buffer.DataBuffer;

/**
 * Well-formed UTF-8 as RFC 3629 defines it (no overlong forms, no surrogates, nothing
 * above U+10FFFF), checked a byte at a time so a sequence may span buffers.
 */
final class Utf8Validator {

	private int needed;

	private int lower = 0x80;

	private int upper = 0xBF;

	boolean accept(DataBuffer buffer) {
		for (int i = buffer.readPosition(); i < buffer.writePosition(); i++) {
			if (!accept(buffer.getByte(i) & 0xFF)) {
				return false;
			}
		}
		return true;
	}

	boolean accept(int b) {
		if (needed == 0) {
			if (b <= 0x7F) {
				return true;
			}
			if (b >= 0xC2 && b <= 0xDF) {
				return expect(1, 0x80, 0xBF);
			}
			if (b >= 0xE0 && b <= 0xEF) {
				// E0 would be overlong below A0; ED above 9F would encode a surrogate.
				return expect(2, b == 0xE0 ? 0xA0 : 0x80, b == 0xED ? 0x9F : 0xBF);
			}
			if (b >= 0xF0 && b <= 0xF4) {
				// F0 would be overlong below 90; F4 above 8F would pass U+10FFFF.
				return expect(3, b == 0xF0 ? 0x90 : 0x80, b == 0xF4 ? 0x8F : 0xBF);
			}
			return false;
		}
		if (b < lower || b > upper) {
			return false;
		}
		lower = 0x80;
		upper = 0xBF;
		needed--;
		return true;
	}

	/** True unless the input stopped in the middle of a sequence. */
	boolean complete() {
		return needed == 0;
	}

	private boolean expect(int continuationBytes, int nextLower, int nextUpper) {
		needed = continuationBytes;
		lower = nextLower;
		upper = nextUpper;
		return true;
	}

}
