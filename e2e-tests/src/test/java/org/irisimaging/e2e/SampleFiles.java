package org.irisimaging.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Real DICOM files from the pydicom test corpus (Debian package python3-pydicom), and copies of them. */
final class SampleFiles {

    /** Writes a copy of a DICOM file with new UIDs, patient and referring physician identifier (pydicom). */
    private static final String REWRITE = """
            import sys
            import pydicom
            from pydicom.dataset import Dataset
            src, dst, study, series, sop, patient_id, name, accession, study_date, scheme, code = sys.argv[1:]
            ds = pydicom.dcmread(src)
            ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.SOPInstanceUID = study, series, sop
            ds.file_meta.MediaStorageSOPInstanceUID = sop
            ds.PatientID, ds.PatientName, ds.AccessionNumber = patient_id, name, accession
            ds.StudyDate = study_date
            c = Dataset()
            c.CodeValue, c.CodingSchemeDesignator, c.CodeMeaning = code, scheme, 'Referring physician'
            item = Dataset()
            item.PersonIdentificationCodeSequence = [c]
            ds.ReferringPhysicianIdentificationSequence = [item]
            ds.save_as(dst)
            """;

    /** What a copy is made of: its UIDs, patient, study and the referring physician's identifier. */
    record Copy(String study, String series, String sop, String patientId, String patientName, String accession,
                String studyDate, String scheme, String code) {
    }

    /** A temporary copy of {@code source} as {@code copy} says. */
    static Path copy(Path source, Copy copy) throws Exception {
        Path file = Files.createTempFile("copy", ".dcm");
        Path script = Files.createTempFile("rewrite", ".py");
        Files.writeString(script, REWRITE);
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        RunningPlatform.runTool(python, script.toString(), source.toString(), file.toString(), copy.study(),
                copy.series(), copy.sop(), copy.patientId(), copy.patientName(), copy.accession(), copy.studyDate(),
                copy.scheme(), copy.code());
        return file;
    }

    private SampleFiles() {
    }

    static Path pydicom(String name) throws IOException, InterruptedException {
        Process list = new ProcessBuilder("dpkg", "-L", "python3-pydicom").redirectErrorStream(true).start();
        String files = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        list.waitFor();
        return files.lines()
                .filter(line -> line.endsWith("/" + name))
                .map(Path::of)
                .filter(Files::isRegularFile)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(name + " not found: is python3-pydicom installed?"));
    }
}
