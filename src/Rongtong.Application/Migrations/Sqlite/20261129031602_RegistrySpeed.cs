using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rongtong.Application.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RegistrySpeed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Enterprises_Name",
                table: "Enterprises");

            migrationBuilder.DropIndex(
                name: "IX_Determinations_AsOf_IsKey",
                table: "Determinations");

            migrationBuilder.CreateIndex(
                name: "IX_Determinations_AsOf_IsKey_EnterpriseId",
                table: "Determinations",
                columns: new[] { "AsOf", "IsKey", "EnterpriseId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Determinations_AsOf_IsKey_EnterpriseId",
                table: "Determinations");

            migrationBuilder.CreateIndex(
                name: "IX_Enterprises_Name",
                table: "Enterprises",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_Determinations_AsOf_IsKey",
                table: "Determinations",
                columns: new[] { "AsOf", "IsKey" });
        }
    }
}
