/** Key files: the master key wrapped under one or more passwords with scrypt and AES-256-GCM. */
package dev.holdfast.repo.keys;
