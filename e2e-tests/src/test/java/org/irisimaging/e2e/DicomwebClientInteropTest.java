package org.irisimaging.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The npm {@code dicomweb-client} (the DICOMweb client OHIF uses) under node, against the gateway:
 * STOW-RS, QIDO-RS, metadata, instance, frames and rendered, as a viewer would call them.
 */
@ExtendWith(PlatformExtension.class)
class DicomwebClientInteropTest {

    @Test
    void dicomwebClientStoresFindsAndRetrieves() throws Exception {
        RunningPlatform platform = PlatformExtension.platform();
        Path scripts = NodeScripts.install(platform.root);
        Path mr = SampleFiles.pydicom("MR_small.dcm");

        Process node = new ProcessBuilder("node", "dicomweb-interop.mjs", RunningPlatform.GATEWAY,
                platform.serviceToken(), "4MR1", mr.toString())
                .directory(scripts.toFile()).redirectErrorStream(true).start();
        node.getOutputStream().close();
        assertThat(node.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(node.exitValue()).as(output).isZero();

        JsonNode report = platform.json.readTree(output.lines().reduce((first, last) -> last).orElseThrow());
        assertThat(report.path("stored").asInt()).isEqualTo(1);
        assertThat(report.path("studies").asInt()).isEqualTo(1);
        assertThat(report.path("patientName").asText()).isEqualTo("CompressedSamples^MR1");
        assertThat(report.path("instances").asInt()).isEqualTo(1);
        assertThat(report.path("metadataInstances").asInt()).isEqualTo(1);
        assertThat(report.path("metadataRows").asInt()).isEqualTo(64);
        assertThat(report.path("instanceBytes").asInt()).isGreaterThan(64 * 64 * 2);
        assertThat(report.path("frameBytes").asInt()).isEqualTo(64 * 64 * 2);
        assertThat(report.path("renderedIsJpeg").asBoolean()).as(output).isTrue();
    }
}
