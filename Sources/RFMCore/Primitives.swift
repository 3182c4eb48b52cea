import RFMPrimitives

// RFMCore's dates are RFMPrimitives' (one type for the core, the ingest, the report and the workbook); these names
// keep them part of RFMCore's interface, so a module that imports RFMCore alone sees them.
public typealias CivilDate = RFMPrimitives.CivilDate
public typealias LocalTimestamp = RFMPrimitives.LocalTimestamp
