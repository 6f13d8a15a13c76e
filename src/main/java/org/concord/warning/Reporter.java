package org.concord.warning;

import java.util.List;

/**
 * Who sighted something, as far as this node knows: the member's identity (absent when a partner
 * shared the sighting by country or as counts), its country and its sectors.
 */
record Reporter(String member, String country, List<String> sectors) {
    Reporter {
        sectors = List.copyOf(sectors);
    }
}
