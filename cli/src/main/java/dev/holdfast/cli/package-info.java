/** The holdfast command-line interface: one class per command, shared repository access. */
package dev.holdfast.cli;
