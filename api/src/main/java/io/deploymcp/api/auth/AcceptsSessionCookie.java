package io.deploymcp.api.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a read a browser makes without an Authorization header (an {@code EventSource} cannot
 * send one): without a bearer key, {@link AuthFilter} asks {@link SessionCookieAuthenticator}
 * for the caller. Only for GETs that change nothing, so a cross-site request gains nothing.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AcceptsSessionCookie {}
