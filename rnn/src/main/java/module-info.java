/**
 * Arabica rnn: recurrent layers ({@code dev.arabica.rnn}), attention
 * ({@code dev.arabica.rnn.attention}), transformers ({@code dev.arabica.rnn.transformer}), text
 * vocabularies and embeddings ({@code dev.arabica.rnn.text}) and sequence decoding
 * ({@code dev.arabica.rnn.decoding}).
 */
module dev.arabica.rnn {
    requires transitive dev.arabica.core;
    requires transitive dev.arabica.nn;
    requires org.slf4j;

    exports dev.arabica.rnn;
    exports dev.arabica.rnn.attention;
    exports dev.arabica.rnn.decoding;
    exports dev.arabica.rnn.text;
    exports dev.arabica.rnn.transformer;
}
