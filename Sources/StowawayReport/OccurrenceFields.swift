import StowawayCore

/// The flat fields of one occurrence, shared by the JSON, JSONL and later formats so every format names things the
/// same way (`path`, `line`, `commit`, `layer_digest`, …). Free text that may hold the secret is redacted here.
enum OccurrenceFields {
    static func fields(_ occurrence: Occurrence, finding: Finding, redactor: Redactor) -> [(String, JSONValue?)] {
        let provenance = occurrence.provenance
        let location = occurrence.location
        let secrets = [finding.secret]
        return [
            ("source", .string(provenance.source)),
            ("path", .string(provenance.path)),
            ("line", .int(location.line)),
            ("column", .int(location.column)),
            ("end_line", .int(location.endLine)),
            ("end_column", .int(location.endColumn)),
            ("commit", provenance.commit.map(JSONValue.string)),
            ("author", provenance.author.map { .string(redactor.text($0, secrets: secrets)) }),
            ("email", provenance.email.map(JSONValue.string)),
            ("date", provenance.date.map(JSONValue.string)),
            ("refs", provenance.refs.map { .array($0.map(JSONValue.string)) }),
            ("in_head", provenance.inHead.map(JSONValue.bool)),
            ("tag", provenance.tag.map(JSONValue.string)),
            ("blob", provenance.blob.map(JSONValue.string)),
            ("image", provenance.image.map(JSONValue.string)),
            ("layer_digest", provenance.layerDigest.map(JSONValue.string)),
            ("layer_index", provenance.layerIndex.map(JSONValue.int)),
            ("created_by", provenance.createdBy.map { .string(redactor.text($0, secrets: secrets)) }),
            ("deleted_in_layer", provenance.deletedInLayer.map(JSONValue.int)),
            ("overwritten_in_layer", provenance.overwrittenInLayer.map(JSONValue.int)),
            ("config_field", provenance.configField.map(JSONValue.string)),
            ("decoded_from", occurrence.decodedFrom.map(JSONValue.string)),
            ("related", occurrence.related.isEmpty ? nil : .array(occurrence.related.map { related($0, finding: finding, redactor: redactor) })),
        ]
    }

    /// The other part of a composite finding: its rule, place and (redacted) line.
    static func related(_ related: RelatedLocation, finding: Finding, redactor: Redactor) -> JSONValue {
        let location = related.location
        return .object([
            ("rule_id", .string(related.ruleID)),
            ("line", .int(location.line)),
            ("column", .int(location.column)),
            ("end_line", .int(location.endLine)),
            ("end_column", .int(location.endColumn)),
            ("context", related.lineText.map { .string(redactor.line($0, secret: finding.secret)) }),
        ])
    }

    static func context(_ occurrence: Occurrence, finding: Finding, redactor: Redactor) -> JSONValue? {
        occurrence.lineText.map { .string(redactor.line($0, secret: finding.secret)) }
    }
}
