/** zstd compression with detection of incompressible data. */
package dev.holdfast.compress;
