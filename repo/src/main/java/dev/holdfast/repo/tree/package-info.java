/** Directory trees: nodes with full metadata and their binary encoding. */
package dev.holdfast.repo.tree;
