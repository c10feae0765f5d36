package dev.arabica.nn;

/** How a loss combines its per-element (per-position) values. */
public enum Reduction {
    /** The mean (for cross-entropy / NLL: weighted by the class weights, ignored positions excluded). */
    MEAN,
    /** The sum. */
    SUM,
    /** No reduction: one value per element or position. */
    NONE
}
