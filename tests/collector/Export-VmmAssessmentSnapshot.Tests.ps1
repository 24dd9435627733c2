BeforeAll {
    . (Join-Path $PSScriptRoot 'Support/Stubs.ps1')
    . (Join-Path $PSScriptRoot 'Support/Fixtures.ps1')
    . (Join-Path $PSScriptRoot 'Support/Schema.ps1')
    Import-Module (Join-Path $PSScriptRoot '../../collector/VmmAssess.Collector/VmmAssess.Collector.psd1') -Force
    $global:VmmFixture = New-ScenarioB2019HighlyAvailable
}

AfterAll {
    Remove-Module VmmAssess.Collector -ErrorAction SilentlyContinue
    Remove-CollectorStubs
    Remove-Variable -Name VmmFixture -Scope Global -ErrorAction SilentlyContinue
}

Describe 'Export-VmmAssessmentSnapshot' {
    BeforeAll {
        Register-CollectorScenarioMocks
        $snapshot = Invoke-CollectorScenario -TargetVersion '2022'
        $directory = Join-Path ([System.IO.Path]::GetTempPath()) ('vmmassess-export-' + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $directory
    }

    AfterAll {
        Remove-Item -LiteralPath $directory -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'writes UTF-8 JSON without a byte order mark that round-trips to the same snapshot' {
        $path = Join-Path $directory 'fabrikam-prod.json'
        $file = Export-VmmAssessmentSnapshot -Snapshot $snapshot -Path $path
        $file | Should -BeOfType [System.IO.FileInfo]
        $file.FullName | Should -Be ([System.IO.Path]::GetFullPath($path))
        $bytes = [System.IO.File]::ReadAllBytes($path)
        $bytes[0] | Should -Be ([byte][char]'{')
        $text = [System.IO.File]::ReadAllText($path, (New-Object System.Text.UTF8Encoding($false, $true)))
        $text | Should -Be ($snapshot | ConvertTo-Json -Depth 20)
        $roundTrip = $text | ConvertFrom-Json
        $roundTrip.snapshotId | Should -Be $snapshot.snapshotId
        $roundTrip.vmm.product | Should -Be '2019'
        @($roundTrip.managementServers).Count | Should -Be 2
        $roundTrip.database.highAvailability | Should -Be 'AlwaysOn'
        $roundTrip.collectedAt | Should -Not -BeNullOrEmpty
    }

    It 'writes a file that validates against the schema (what vmmassess assess reads)' {
        $path = Join-Path $directory 'schema-check.json'
        $null = Export-VmmAssessmentSnapshot -Snapshot $snapshot -Path $path
        Get-SnapshotSchemaErrors -Json ([System.IO.File]::ReadAllText($path)) | Should -BeNullOrEmpty
    }

    It 'keeps non-ASCII text intact' {
        $copy = $snapshot | ConvertTo-Json -Depth 20 | ConvertFrom-Json
        $copy.managementServers[0].os.caption = 'Microsoft Windows Server 2019 Standard (Dienstprogramm fuer Koeln: K' + [char]0x00F6 + 'ln)'
        $path = Join-Path $directory 'unicode.json'
        $null = Export-VmmAssessmentSnapshot -Snapshot $copy -Path $path
        ([System.IO.File]::ReadAllText($path) | ConvertFrom-Json).managementServers[0].os.caption | Should -BeLike ('*K' + [char]0x00F6 + 'ln*')
    }

    It 'names the file after the snapshot when the path is a folder, and pipes' {
        $file = $snapshot | Export-VmmAssessmentSnapshot -Path $directory
        $file.Name | Should -Be ('contoso-scenario-B-{0}.json' -f $snapshot.snapshotId)
    }

    It 'does not overwrite an existing file without -Force' {
        $path = Join-Path $directory 'existing.json'
        Set-Content -LiteralPath $path -Value 'keep me'
        { Export-VmmAssessmentSnapshot -Snapshot $snapshot -Path $path } | Should -Throw -ExpectedMessage '*exists*'
        Get-Content -LiteralPath $path -Raw | Should -BeLike 'keep me*'
        $null = Export-VmmAssessmentSnapshot -Snapshot $snapshot -Path $path -Force
        (Get-Content -LiteralPath $path -Raw | ConvertFrom-Json).snapshotId | Should -Be $snapshot.snapshotId
    }

    It 'treats a path ending with a separator as a folder, creating it (<Separator>)' -ForEach @(@{ Separator = '/' }, @{ Separator = '\' }) {
        $folder = Join-Path $directory ('new-folder-' + [guid]::NewGuid().ToString('N'))
        $file = Export-VmmAssessmentSnapshot -Snapshot $snapshot -Path ($folder + $Separator)
        $file.Name | Should -Be ('contoso-scenario-B-{0}.json' -f $snapshot.snapshotId)
        $file.DirectoryName | Should -Be ([System.IO.Path]::GetFullPath($folder))
        ([System.IO.File]::ReadAllText($file.FullName) | ConvertFrom-Json).snapshotId | Should -Be $snapshot.snapshotId
    }

    It 'names the file after the snapshot for JSON text too' {
        $text = $snapshot | ConvertTo-Json -Depth 20
        $folder = Join-Path $directory ('text-' + [guid]::NewGuid().ToString('N'))
        (Export-VmmAssessmentSnapshot -Snapshot $text -Path ($folder + '/')).Name | Should -Be ('contoso-scenario-B-{0}.json' -f $snapshot.snapshotId)
    }

    It 'creates missing folders' {
        $path = Join-Path $directory 'nested/deeper/snap.json'
        $null = Export-VmmAssessmentSnapshot -Snapshot $snapshot -Path $path
        Test-Path -LiteralPath $path | Should -BeTrue
    }
}
