package dev.arabica.core.golden;

import dev.arabica.core.Tensor;
import java.util.Map;

/** Runs one golden case's op: returns every output stem of the case mapped to the computed tensor. */
@FunctionalInterface
public interface GoldenOp {
    Map<String, Tensor> run(GoldenCase c) throws Exception;
}
