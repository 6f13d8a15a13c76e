package org.concord.warning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.concord.stix.StixTimestamp;

/** The fast timestamp reader agrees with StixTimestamp; the long set with a HashSet. */
class TimesProperties {
    @Property(tries = 2000)
    void fastTimestampsAgreeWithTheReference(@ForAll @LongRange(min = 0, max = 4_102_444_800_000_000L) long micros,
                                             @ForAll @IntRange(min = 0, max = 9) int digits) {
        String text = StixTimestamp.formatMicros(Times.instant(micros));
        String fraction = text.substring(20, 26);
        String written = text.substring(0, 19) + (digits == 0 ? "" : "." + (fraction + "987").substring(0, digits)) + "Z";
        Instant reference = StixTimestamp.parse(written);
        assertThat(Times.micros(written)).isEqualTo(Times.micros(reference));
        assertThat(Times.micros(Times.format(micros))).isEqualTo(micros);
    }

    @Property(tries = 300)
    void longSetAgreesWithAHashSet(@ForAll java.util.List<@LongRange(min = -40, max = 40) Long> adds,
                                   @ForAll java.util.List<@LongRange(min = -40, max = 40) Long> removes) {
        LongSet set = new LongSet();
        Set<Long> reference = new HashSet<>();
        for (long v : adds) assertThat(set.add(v * 977)).isEqualTo(reference.add(v * 977));
        for (long v : removes) assertThat(set.remove(v * 977)).isEqualTo(reference.remove(v * 977));
        assertThat(set.size()).isEqualTo(reference.size());
        for (long v = -40; v <= 40; v++) assertThat(set.remove(v * 977)).isEqualTo(reference.remove(v * 977));
        assertThat(set.isEmpty()).isTrue();
    }
}
