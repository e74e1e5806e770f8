/**
 * The S3-compatible object storage backend, {@code s3:https://endpoint/bucket/prefix}: a small
 * client of its own on {@code java.net.http} ({@code S3Client}, signed with AWS Signature V4 by
 * {@code SigV4}), credentials from the AWS environment variables and profiles
 * ({@code Credentials}), and {@code S3Storage}, the {@link dev.holdfast.storage.Storage} on top.
 * Found through {@code S3Provider}, which loads nothing else until an s3: location is opened.
 */
package dev.holdfast.storage.s3;
