package dev.holdfast.rest;

/**
 * The names of the repository server's HTTP protocol, shared by client and server. Version 1:
 * <ul>
 *   <li>{@code GET /v1/info}: {@code protocol 1}, {@code user NAME}, {@code role ROLE} lines.
 *   <li>{@code GET /v1/list?prefix=P}: one {@code SIZE NAME} line per object, sorted by name.
 *   <li>{@code HEAD /v1/objects/NAME}: the size in {@value #SIZE}, or 404.
 *   <li>{@code GET /v1/objects/NAME}, optionally with {@code Range: bytes=FIRST-LAST}: 200 or 206,
 *       404, or 416 when FIRST is at or past the end.
 *   <li>{@code PUT /v1/objects/NAME} with Content-Length and optionally {@value #SHA256}: 201 new,
 *       204 replaced, 200 an identical object was already there.
 *   <li>{@code DELETE /v1/objects/NAME}: 204 or 404.
 * </ul>
 * Errors: 400 bad request, 401 unknown user or wrong password, 403 the user's role forbids it,
 * 411 no Content-Length, 413 too large, 507 the server's disk is full; the body is one line of text.
 */
public final class Protocol {
    /** The protocol version this code speaks. */
    public static final int VERSION = 1;
    public static final String INFO = "v1/info";
    public static final String LIST = "v1/list";
    public static final String OBJECTS = "v1/objects/";
    /** Response header of HEAD: the object's size in bytes. */
    public static final String SIZE = "X-Holdfast-Size";
    /** Request header of PUT: the lowercase hex SHA-256 of the body, checked before it is stored. */
    public static final String SHA256 = "X-Holdfast-SHA256";
    /** Largest object: what one byte array holds. */
    public static final long MAX_OBJECT = Integer.MAX_VALUE - 16;

    private Protocol() {}
}
