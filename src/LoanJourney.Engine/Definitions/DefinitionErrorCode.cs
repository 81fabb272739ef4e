namespace LoanJourney.Engine.Definitions;

/// <summary>Kinds of definition mistakes.</summary>
public enum DefinitionErrorCode
{
    /// <summary>The file is not valid JSON or not the definition shape.</summary>
    CorruptFile,
    /// <summary>A required top-level property is missing or invalid.</summary>
    InvalidDefinition,
    /// <summary>Two steps share an id.</summary>
    DuplicateStep,
    /// <summary>Two declared start input fields share a name.</summary>
    DuplicateInput,
    /// <summary>The activity type is not registered.</summary>
    UnknownActivity,
    /// <summary>A start or next target names no step.</summary>
    UnknownStep,
    /// <summary>A next entry names an outcome the activity does not have.</summary>
    UnknownOutcome,
    /// <summary>No path from the start step reaches the step.</summary>
    UnreachableStep,
    /// <summary>A required activity input is missing.</summary>
    MissingRequiredInput,
    /// <summary>
    /// An input the activity does not declare, a literal of the wrong type, or a journey outcome that is not a literal name
    /// (<see cref="JourneyOutcomeName"/>).
    /// </summary>
    InvalidInput,
    /// <summary>
    /// A binding is malformed or references something that is not there (or not before the step); in a draft also an output
    /// name its activity does not declare (<see cref="WorkflowCompiler.CompileDraft"/>).
    /// </summary>
    BadBinding,
    /// <summary>A loop with no step that can suspend.</summary>
    CycleWithoutWait,
    /// <summary>A retry policy or timeout is invalid.</summary>
    InvalidPolicy,
    /// <summary>The same id and version already exists with different content.</summary>
    VersionConflict,
}
