/**
 * Text tools from the course: {@link dev.arabica.rnn.text.CharVocabulary character vocabularies}
 * and one-hot/index encoding, {@link dev.arabica.rnn.text.BpttBatches truncated-BPTT batches} with
 * {@link dev.arabica.rnn.text.States#detach state detaching}, {@link dev.arabica.rnn.text.Bleu BLEU}
 * (NLTK's definitions) and {@link dev.arabica.rnn.text.WordVectors word vectors} (GloVe/word2vec
 * text, similarity, analogies, debiasing).
 */
package dev.arabica.rnn.text;
