package io.deploymcp.checkout;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.util.Timeout;
import org.eclipse.jgit.transport.http.HttpConnection;

/**
 * One HTTP request of JGit's, in {@code HttpURLConnection}'s manner (set up, write the body,
 * then read status, headers and body), sent over the checkout's HTTP client. The request body
 * — a smart-HTTP negotiation, kilobytes — is buffered; the response body streams.
 */
final class PinnedHttpConnection implements HttpConnection {
  /** Larger request bodies are refused: a depth-1 negotiation is a few lines. */
  private static final int MAX_REQUEST_BYTES = 16 << 20;
  /** Non-2xx bodies are read up to this much, so the connection goes back to the pool. */
  private static final int MAX_ERROR_BODY_BYTES = 64 << 10;

  private final URL url;
  private final CloseableHttpClient client;
  private final Map<String, String> requestHeaders = new LinkedHashMap<>();
  private String method = "GET";
  private int readTimeoutMillis;
  private BoundedBuffer body;
  private ClassicHttpResponse response;
  private Map<String, List<String>> responseHeaders;
  private InputStream content;
  private long contentLength = -1;

  PinnedHttpConnection(URL url, CloseableHttpClient client) {
    this.url = url;
    this.client = client;
  }

  @Override
  public int getResponseCode() throws IOException {
    execute();
    return response.getCode();
  }

  @Override
  public URL getURL() {
    return url;
  }

  @Override
  public String getResponseMessage() throws IOException {
    execute();
    return response.getReasonPhrase();
  }

  @Override
  public Map<String, List<String>> getHeaderFields() {
    executeUnchecked();
    return responseHeaders;
  }

  @Override
  public void setRequestProperty(String key, String value) {
    requestHeaders.put(key, value);
  }

  @Override
  public void setRequestMethod(String method) {
    this.method = method;
  }

  @Override
  public void setUseCaches(boolean usecaches) {}

  @Override
  public void setConnectTimeout(int timeout) {
    // The checkout's own limit applies (PinnedConnectionFactory); JGit's is the same or longer.
  }

  @Override
  public void setReadTimeout(int timeout) {
    this.readTimeoutMillis = timeout;
  }

  @Override
  public String getContentType() {
    return getHeaderField("Content-Type");
  }

  @Override
  public InputStream getInputStream() throws IOException {
    execute();
    return content;
  }

  @Override
  public String getHeaderField(String name) {
    List<String> values = getHeaderFields(name);
    // As HttpURLConnection: the last value of a repeated header.
    return values.isEmpty() ? null : values.get(values.size() - 1);
  }

  @Override
  public List<String> getHeaderFields(String name) {
    List<String> values = getHeaderFields().get(name);
    return values == null ? List.of() : values;
  }

  @Override
  public int getContentLength() {
    executeUnchecked();
    return contentLength > Integer.MAX_VALUE ? -1 : (int) contentLength;
  }

  @Override
  public void setInstanceFollowRedirects(boolean followRedirects) {
    // Never: JGit handles redirects, and each hop comes back through the factory's checks.
  }

  @Override
  public void setDoOutput(boolean dooutput) {}

  @Override
  public void setFixedLengthStreamingMode(int contentLength) {}

  @Override
  public OutputStream getOutputStream() {
    if (body == null) {
      body = new BoundedBuffer();
    }
    return body;
  }

  @Override
  public void setChunkedStreamingMode(int chunklen) {}

  @Override
  public String getRequestMethod() {
    return method;
  }

  @Override
  public boolean usingProxy() {
    return false;
  }

  @Override
  public void connect() throws IOException {
    execute();
  }

  @Override
  public void configure(KeyManager[] km, TrustManager[] tm, SecureRandom random)
      throws KeyManagementException {
    throw new KeyManagementException("the checkout always verifies TLS with the platform's trust");
  }

  @Override
  public void setHostnameVerifier(HostnameVerifier hostnameverifier) throws KeyManagementException {
    throw new KeyManagementException("the checkout always verifies the host name");
  }

  /** Closes the response, giving its connection back (or dropping it if its body was not read). */
  void release() {
    ClassicHttpResponse open = response;
    if (open != null) {
      try {
        open.close();
      } catch (IOException e) {
        // Closing a socket that is going away anyway.
      }
    }
  }

  private void executeUnchecked() {
    try {
      execute();
    } catch (IOException e) {
      // JGit reads headers only after the status, which already threw the same error.
      throw new IllegalStateException("the request failed: " + e.getClass().getSimpleName(), e);
    }
  }

  private void execute() throws IOException {
    if (response != null) {
      return;
    }
    ClassicRequestBuilder builder;
    try {
      builder = ClassicRequestBuilder.create(method).setUri(url.toURI());
    } catch (URISyntaxException e) {
      throw new IOException("not a valid URL: " + e.getReason(), e);
    }
    requestHeaders.forEach(builder::addHeader);
    if (body != null) {
      builder.setEntity(new ByteArrayEntity(body.toByteArray(), null));
    }
    ClassicHttpRequest request = builder.build();
    HttpClientContext context = HttpClientContext.create();
    if (readTimeoutMillis > 0) {
      context.setRequestConfig(
          RequestConfig.custom().setResponseTimeout(Timeout.ofMilliseconds(readTimeoutMillis)).build());
    }
    ClassicHttpResponse answer = client.executeOpen(null, request, context);
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Header header : answer.getHeaders()) {
      headers.computeIfAbsent(header.getName(), k -> new ArrayList<>()).add(header.getValue());
    }
    headers.replaceAll((k, v) -> List.copyOf(v));
    HttpEntity entity = answer.getEntity();
    InputStream stream = entity == null ? InputStream.nullInputStream() : entity.getContent();
    contentLength = entity == null ? 0 : entity.getContentLength();
    if (answer.getCode() >= 300) {
      // JGit seldom reads these bodies; read them now so the connection is released.
      try (answer) {
        stream = new ByteArrayInputStream(stream.readNBytes(MAX_ERROR_BODY_BYTES));
      }
    }
    this.responseHeaders = Collections.unmodifiableMap(headers);
    this.content = stream;
    this.response = answer;
  }

  /** The request body, refused past {@link #MAX_REQUEST_BYTES}. */
  private static final class BoundedBuffer extends ByteArrayOutputStream {
    @Override
    public synchronized void write(int b) {
      check(1);
      super.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      check(len);
      super.write(b, off, len);
    }

    private void check(int more) {
      if (count + (long) more > MAX_REQUEST_BYTES) {
        throw new IllegalStateException("the git request body passes " + MAX_REQUEST_BYTES + " bytes");
      }
    }
  }
}
