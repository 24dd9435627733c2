// The bottom layers and the engine, visible everywhere in the app; every other layer is imported explicitly, so the
// architecture test sees each upward reference (tests/VmmAssess.Functions.Tests/ArchitectureTests.cs).
global using VmmAssess.Core.Assessment;
global using VmmAssess.Core.Rules;
global using VmmAssess.Core.Snapshots;
global using VmmAssess.Core.Workflow;
global using VmmAssess.Functions.Configuration;
global using VmmAssess.Functions.Domain;
global using System.Text.Json;
global using Microsoft.Azure.Functions.Worker;
global using Microsoft.Extensions.Logging;
global using Microsoft.Extensions.Options;
global using VmmAssess.Functions.Bindings;
