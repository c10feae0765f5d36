/** The consumer check's application, run as a named module on the module path (and as a plain jar on the class path). */
module dev.arabica.consumer {
    requires dev.arabica.nn;   // brings dev.arabica.core and dev.arabica.optim (requires transitive)
    requires dev.arabica.cnn;  // resolved, so that their module descriptors are checked too
    requires dev.arabica.rnn;
}
