package dev.tollgate.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Reading a request body into the parameter map, for the three body types the token endpoint takes. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ParseBenchmark {
    private static final String JWT = "eyJraWQiOiI0MTY0MjgxOS0xNGY1LTRlNzItYjIxZi00YzIwMzhjYjk1N2IiLCJ0eXAiOiJhdCtqd3QiLCJhbGciOiJSUzI1NiJ9"
            + ".eyJzdWIiOiJkZDUzYWZlMy1kMmY0LTRhOTQtOTU3Ni1mMzI4NzM3MDRhMTgiLCJhdWQiOiJodHRwOi8vMTI3LjAuMC4xOjE4MDkyIiwic2NvcGUiOiJyZWFkIn0"
            + ".LAzoWntlmnq4_-oRXI-lMrydwe73VBG0C4Ykq8CWe264BTiAtrzcP4QKDofXJswil1P99kMt09QoAZbzk1b5EJNpVFfMwcTMe3_aXMN7Hgxr"
            + "xLjj151TF5cu93WtD97C_KcM_liOWWRAUiSoCxm4jqAsCGPe-EWJQFP2Edm9G9orH4-w9Lm76_uVXEGy3pXnKlVrVtk-mw1Iog-MgsoarD30e0";
    private final byte[] introspection = ("token=" + JWT + "&token_type_hint=access_token").getBytes(StandardCharsets.UTF_8);
    private final byte[] password = "grant_type=password&username=alice%40example.com&password=correct+horse+battery+staple&scope=read%20write"
            .getBytes(StandardCharsets.UTF_8);
    private final byte[] json = "{\"grant_type\":\"password\",\"username\":\"alice@example.com\",\"password\":\"correct horse\",\"scope\":[\"read\",\"write\"]}"
            .getBytes(StandardCharsets.UTF_8);
    private final byte[] multipart = ("--b\r\nContent-Disposition: form-data; name=\"grant_type\"\r\n\r\npassword\r\n"
            + "--b\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nalice\r\n"
            + "--b\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\ncorrect horse\r\n--b--\r\n")
            .getBytes(StandardCharsets.UTF_8);

    @Benchmark
    public Map<String, String> formIntrospection() {
        return RequestParameters.parse("application/x-www-form-urlencoded", "application/x-www-form-urlencoded",
                introspection);
    }

    @Benchmark
    public Map<String, String> formPasswordGrant() {
        return RequestParameters.parse("application/x-www-form-urlencoded", "application/x-www-form-urlencoded",
                password);
    }

    @Benchmark
    public Map<String, String> jsonPasswordGrant() {
        return RequestParameters.parse("application/json", "application/json", json);
    }

    @Benchmark
    public Map<String, String> multipartPasswordGrant() {
        return RequestParameters.parse("multipart/form-data", "multipart/form-data; boundary=b", multipart);
    }
}
