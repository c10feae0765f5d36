/**
 * Arabica nn: modules and layers ({@code dev.arabica.nn}), weight initialization
 * ({@code dev.arabica.nn.init}), data sets and loaders ({@code dev.arabica.nn.data}) and the
 * training loop with its callbacks and checkpoints ({@code dev.arabica.nn.train}).
 */
module dev.arabica.nn {
    requires transitive dev.arabica.core;
    requires transitive dev.arabica.optim;
    requires org.slf4j;

    exports dev.arabica.nn;
    exports dev.arabica.nn.data;
    exports dev.arabica.nn.init;
    exports dev.arabica.nn.train;
}
