@{
    RootModule           = 'VmmAssess.Collector.psm1'
    ModuleVersion        = '1.0.0'
    GUID                 = '6f1d3c52-8a47-4c1e-9d2b-5b8e0f7a4c19'
    Author               = 'VmmAssess'
    CompanyName          = 'VmmAssess'
    Copyright            = '(c) VmmAssess. All rights reserved.'
    Description          = 'Read-only inventory collector for System Center Virtual Machine Manager (VMM) deployments. Produces a VmmAssess snapshot (contract v1) and sends it to the VmmAssess webhook or straight to its Service Bus queue, or exports it to a file for air-gapped sites. Collection (Get-VmmAssessmentSnapshot, Test-VmmAssessmentCollection) runs in Windows PowerShell 5.1, the host of the VirtualMachineManager module; Send and Export also run in PowerShell 7.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FunctionsToExport    = @('Get-VmmAssessmentSnapshot', 'Send-VmmAssessmentSnapshot', 'Export-VmmAssessmentSnapshot', 'Test-VmmAssessmentCollection')
    CmdletsToExport      = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('SCVMM', 'VMM', 'SystemCenter', 'Upgrade', 'Assessment', 'Inventory')
            ProjectUri = 'https://vmmassess.dev'
        }
    }
}
