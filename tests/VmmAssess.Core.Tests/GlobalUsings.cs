global using VmmAssess.Core.Assessment;
global using VmmAssess.Core.Rules;
global using VmmAssess.Core.Snapshots;
global using VmmAssess.Core.Tests.TestData;
