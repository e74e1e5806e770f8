/** Content-defined chunking (FastCDC with a gear table keyed per repository). */
package dev.holdfast.chunk;
