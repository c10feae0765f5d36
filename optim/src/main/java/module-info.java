/**
 * Arabica optim: optimizers (SGD, Adam, ...) and learning-rate schedules over the parameters'
 * {@link dev.arabica.core.Tensor}s.
 */
module dev.arabica.optim {
    requires transitive dev.arabica.core;

    exports dev.arabica.optim;
}
