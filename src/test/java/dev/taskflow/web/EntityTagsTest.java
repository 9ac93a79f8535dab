package dev.taskflow.web;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ETags as clients send them back (RFC 9110 §13.1): {@code If-Match} compares strongly,
 * so only our own strong tags name a version; {@code If-None-Match} compares weakly.
 */
class EntityTagsTest {

	@Test
	void aVersionIsAStrongQuotedTag() {
		assertThat(EntityTags.of(7)).isEqualTo("\"7\"");
		assertThat(EntityTags.ifMatchVersions(List.of(EntityTags.of(Long.MAX_VALUE)))).containsExactly(Long.MAX_VALUE);
	}

	@Test
	void noIfMatchOrAStarAloneAcceptsAnyVersion() {
		assertThat(EntityTags.ifMatchVersions(null)).isNull();
		assertThat(EntityTags.ifMatchVersions(List.of())).isNull();
		assertThat(EntityTags.ifMatchVersions(List.of("*"))).isNull();
		assertThat(EntityTags.ifMatchVersions(List.of(" * "))).isNull();
	}

	@Test
	void ifMatchListsAcrossCommasAndRepeatedHeadersNameEveryVersion() {
		assertThat(EntityTags.ifMatchVersions(List.of("\"3\", \"5\""))).containsExactly(3L, 5L);
		assertThat(EntityTags.ifMatchVersions(List.of("\"3\"", " \"5\" ,\"8\""))).containsExactly(3L, 5L, 8L);
	}

	@Test
	void ifMatchIgnoresWeakMalformedAndForeignTagsSoTheyMatchNothing() {
		assertThat(EntityTags.ifMatchVersions(List.of("W/\"3\""))).as("weak: strong comparison never matches")
			.isEmpty();
		assertThat(EntityTags.ifMatchVersions(List.of("3", "\"03\"", "\"\"", "\"-\"", "\"abc\"", "\"3", "3\"")))
			.isEmpty();
		assertThat(EntityTags.ifMatchVersions(List.of("\"99999999999999999999\""))).as("beyond any version").isEmpty();
		assertThat(EntityTags.ifMatchVersions(List.of("*, \"4\""))).as("a star inside a list").containsExactly(4L);
		assertThat(EntityTags.ifMatchVersions(List.of("W/\"3\", \"4\", junk"))).containsExactly(4L);
	}

	@Test
	void ifNoneMatchHitsItsVersionWeakOrStrongOrAStar() {
		assertThat(EntityTags.noneMatchHits(List.of("\"7\""), 7)).isTrue();
		assertThat(EntityTags.noneMatchHits(List.of("W/\"7\""), 7)).isTrue();
		assertThat(EntityTags.noneMatchHits(List.of("*"), 7)).isTrue();
		assertThat(EntityTags.noneMatchHits(List.of("\"1\", W/\"7\""), 7)).isTrue();
		assertThat(EntityTags.noneMatchHits(List.of("\"1\"", "\"7\""), 7)).isTrue();
	}

	@Test
	void ifNoneMatchMissesOtherVersionsAndTagsNotOurs() {
		assertThat(EntityTags.noneMatchHits(null, 7)).isFalse();
		assertThat(EntityTags.noneMatchHits(List.of(), 7)).isFalse();
		assertThat(EntityTags.noneMatchHits(List.of("\"6\", W/\"8\""), 7)).isFalse();
		assertThat(EntityTags.noneMatchHits(List.of("\"07\"", "7", "w/\"7\"", "W/7"), 7)).isFalse();
	}

}
