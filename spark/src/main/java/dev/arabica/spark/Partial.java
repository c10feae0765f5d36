package dev.arabica.spark;

/** A partial result of {@link AllReduce}: one partition's {@link Contribution} or an {@link Accumulator} of consecutive ones. */
interface Partial extends java.io.Serializable {

    /** The index of the first partition it covers (partials are combined in this order). */
    int first();

    /** Adds this partial into {@code acc}, which covers the partitions before it. */
    void addTo(Accumulator acc);
}
