/**
 * File formats for arrays: NumPy {@code .npy} ({@link dev.arabica.core.io.Npy}), safetensors
 * ({@link dev.arabica.core.io.SafeTensors}), a strict JSON reader/writer for headers
 * ({@link dev.arabica.core.io.Json}) and crash-safe file replacement
 * ({@link dev.arabica.core.io.AtomicFiles}). Arrays travel as {@link dev.arabica.core.io.RawArray}
 * (dtype, shape, flat data); readers validate every declared size against the file before
 * allocating, so a corrupt or hostile file gives a format exception naming the file, not an
 * {@code OutOfMemoryError} or an index exception.
 */
package dev.arabica.core.io;
