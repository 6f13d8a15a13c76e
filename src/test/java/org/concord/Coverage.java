package org.concord;

import java.util.function.Predicate;

/**
 * Thresholds for jqwik coverage checks ({@code Statistics.label(..).coverage(..)}) that do not
 * fail by chance. A check "outcome o occurred at least k times in n tries" over random cases
 * fails now and then when k is near what the generator gives, and jqwik then keeps the seed
 * (target/jqwik-database) and replays it, failing every later run. Here k follows from the odds
 * the generator gives o — a lower bound p on the chance that one try reaches it, known from how
 * the generator is built or measured with a margin — so that over n independent tries fewer than
 * k occur with probability at most {@link #FALSE_ALARM} (the lower tail of the binomial
 * distribution): a generator that keeps its odds passes, one that lost the outcome fails.
 */
public final class Coverage {
    /** The most a check may fail by chance, per outcome and run. */
    public static final double FALSE_ALARM = 1e-9;

    private Coverage() {}

    /**
     * The greatest k such that a count of Binomial({@code tries}, {@code odds}) is below k with
     * probability at most {@link #FALSE_ALARM}.
     *
     * @throws IllegalArgumentException when that is 0: too few tries for those odds to check anything
     */
    public static int least(int tries, double odds) {
        if (tries < 1) throw new IllegalArgumentException("tries must be at least 1: " + tries);
        if (!(odds > 0 && odds < 1)) throw new IllegalArgumentException("odds must be between 0 and 1: " + odds);
        // P(X = j) in logarithms (P(X = 0) underflows a double for many tries at high odds), summed from j = 0
        double logPmf = tries * Math.log1p(-odds);
        double logRatio = Math.log(odds) - Math.log1p(-odds);
        double below = 0; // P(X < k)
        int k = 0;
        while (k < tries) {
            below += Math.exp(logPmf);
            if (below > FALSE_ALARM) break;
            logPmf += Math.log((double) (tries - k) / (k + 1)) + logRatio;
            k++;
        }
        if (k == 0) {
            throw new IllegalArgumentException(tries + " tries are too few to expect an outcome of odds " + odds
                    + " even once but with probability " + FALSE_ALARM);
        }
        return k;
    }

    /** {@code count -> count >= least(tries, odds)}: for {@code check(value).count(..)}. */
    public static Predicate<Integer> atLeast(int tries, double odds) {
        int k = least(tries, odds);
        return count -> count >= k;
    }
}
