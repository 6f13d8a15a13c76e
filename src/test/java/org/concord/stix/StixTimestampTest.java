package org.concord.stix;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StixTimestampTest {
    @Test
    void acceptsAnyFractionAndRejectsWhatIsNotRfc3339Utc() {
        assertThat(StixTimestamp.isValid("2016-05-12T08:17:27Z")).isTrue();
        assertThat(StixTimestamp.isValid("2016-05-12T08:17:27.123456789012Z")).isTrue();
        assertThat(StixTimestamp.isValid("2016-12-31T23:59:60Z")).isTrue();
        assertThat(StixTimestamp.isValid("2016-05-12 08:17:27Z")).isFalse();
        assertThat(StixTimestamp.isValid("2016-05-12T08:17:27+00:00")).isFalse();
        assertThat(StixTimestamp.isValid("2016-05-12T08:17:27.Z")).isFalse();
        assertThat(StixTimestamp.isValid("2015-02-29T00:00:00Z")).isFalse();
        assertThat(StixTimestamp.check("2016-13-01T00:00:00Z")).contains("out of range");
    }

    @Test
    void millisecondPrecisionIsRequiredForCreatedAndModified() {
        assertThat(StixTimestamp.isValidMillis("2016-05-12T08:17:27.000Z")).isTrue();
        assertThat(StixTimestamp.isValidMillis("2016-05-12T08:17:27.0000Z")).isTrue();
        assertThat(StixTimestamp.isValidMillis("2016-05-12T08:17:27.00Z")).isFalse();
        assertThat(StixTimestamp.isValidMillis("2016-05-12T08:17:27Z")).isFalse();
    }

    @Test
    void sortKeysOrderAsTimeWhateverThePrecision() {
        assertThat(StixTimestamp.sortKey("2016-05-12T08:17:27.1Z")).isEqualTo("2016-05-12T08:17:27.100000000Z");
        assertThat(StixTimestamp.sortKey("2016-05-12T08:17:27Z")).isEqualTo(StixTimestamp.sortKey("2016-05-12T08:17:27.000Z"));
        assertThat(StixTimestamp.sortKey("2016-05-12T08:17:27.09Z")).isLessThan(StixTimestamp.sortKey("2016-05-12T08:17:27.1Z"));
        assertThat(StixTimestamp.sortKey("2016-12-31T23:59:60Z")).isGreaterThan(StixTimestamp.sortKey("2016-12-31T23:59:59.999Z"));
    }
}
